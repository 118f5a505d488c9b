package io.uring4j.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/** Shared JavaPoet type names. */
final class ParamList {
    static final TypeName STRINGS = ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));

    private ParamList() {}
}

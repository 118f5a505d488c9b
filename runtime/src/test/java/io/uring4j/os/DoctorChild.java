package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.register.BufferTable;

/**
 * Run by {@link DoctorTest} in a child JVM under a lowered memlock limit: prints the doctor's
 * memlock verdict for {@code args[0]} planned bytes, then what the kernel really does when that
 * many bytes of buffers are registered ("register ok" or "register ENOMEM").
 */
public final class DoctorChild {
    private DoctorChild() {}

    public static void main(String[] args) {
        long bytes = Long.parseLong(args[0]);
        Doctor.Report report = Doctor.check(Doctor.Inputs.current(bytes, 16));
        System.out.println("memlock " + report.finding("memlock").status());
        try (Ring ring = Ring.open(4)) {
            BufferTable.register(ring, 1, bytes);
            System.out.println("register ok");
        } catch (UringException e) {
            System.out.println("register " + e.errno());
        }
    }
}

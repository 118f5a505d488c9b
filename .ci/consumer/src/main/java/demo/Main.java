package demo;

import io.uring4j.Ring;
import io.uring4j.os.Doctor;

/** Uses the runtime as a dependency: a NOP through a ring (generated prep), and the doctor's verdict. */
public final class Main {
    public static void main(String[] args) {
        try (Ring ring = Ring.open(8)) {
            ring.nextSqe().nop().userData(42);
            ring.submitAndWait(1);
            System.out.println("nop user_data " + ring.peek().userData() + " res " + ring.peek().res());
            ring.seen();
        }
        System.out.println(Doctor.check().usable() ? "io_uring usable" : "io_uring NOT usable");
    }
}

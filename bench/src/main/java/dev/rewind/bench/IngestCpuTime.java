package dev.rewind.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link IngestBenchmark}'s two figures as CPU time instead of wall time: on a shared machine (more
 * runnable threads than cores) JMH's wall-clock averages measure the scheduler as much as the code, while
 * the CPU time spent on an operation is nearly untouched by others waiting for a core. Blocks of
 * {@code handler} and {@code floor} operations (a whole session's chunks each) alternate, so both see the
 * same machine. Printed: the medians over the blocks of the thread's CPU time per operation, and the
 * process's CPU time per operation over all blocks (it includes the GC's threads: allocation counts
 * there), each with its ratio handler / floor (docs/PERFORMANCE.md).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.rewind.bench.IngestCpuTime demo none 3000 600</pre>
 *
 * Arguments: session (demo, heavy), hints (none, complete; ignored by a build without that parameter),
 * warm-up operations, measured operations of each kind.
 */
public final class IngestCpuTime {
    private static final int BLOCK = 20;

    private IngestCpuTime() {}

    public static void main(String[] args) throws Exception {
        String session = args.length > 0 ? args[0] : "demo";
        String hints = args.length > 1 ? args[1] : "none";
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 600;
        IngestBenchmark benchmark = new IngestBenchmark();
        benchmark.session = session;
        try {
            IngestBenchmark.class.getField("hints").set(benchmark, hints);
        } catch (NoSuchFieldException e) {
            hints = "(no parameter)";
        }
        benchmark.prepare();
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (int i = 0; i < warmup; i++) {
            benchmark.handler(blackhole);
            benchmark.floor(blackhole);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int blocks = Math.max(1, measured / BLOCK);
        long[] handlerThread = new long[blocks];
        long[] floorThread = new long[blocks];
        long handlerProcess = 0;
        long floorProcess = 0;
        for (int b = 0; b < 2 * blocks; b++) {
            boolean handler = b % 2 == 0;
            long thread0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            for (int i = 0; i < BLOCK; i++) {
                if (handler) {
                    benchmark.handler(blackhole);
                } else {
                    benchmark.floor(blackhole);
                }
            }
            long thread = threads.getCurrentThreadCpuTime() - thread0;
            long process = os.getProcessCpuTime() - process0;
            if (handler) {
                handlerThread[b / 2] = thread;
                handlerProcess += process;
            } else {
                floorThread[b / 2] = thread;
                floorProcess += process;
            }
        }
        double h = median(handlerThread) / BLOCK / 1000.0;
        double f = median(floorThread) / BLOCK / 1000.0;
        double hp = handlerProcess / (double) (blocks * BLOCK) / 1000.0;
        double fp = floorProcess / (double) (blocks * BLOCK) / 1000.0;
        System.out.printf(
                "ingest-cpu session=%s hints=%s ops=%d thread: handler %.0f us floor %.0f us ratio %.2f;"
                        + " process: handler %.0f us floor %.0f us ratio %.2f%n",
                session, hints, blocks * BLOCK, h, f, h / f, hp, fp, hp / fp);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

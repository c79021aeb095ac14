using System.Globalization;

namespace Tandem.Bench;

/// <summary>
/// <c>--cpu-dma-latency US</c>: for the whole run the benchmark asks the kernel, through /dev/cpu_dma_latency (what
/// tuned's latency-performance profile does), to keep every CPU's wake-up latency at most US microseconds, so an idle
/// CPU polls instead of halting. Every side of a comparison runs under it, and the Machine line says so. Without the
/// option the machine's idle states are left as they are.
/// </summary>
static class CpuLatency
{
    const string Device = "/dev/cpu_dma_latency";
    static FileStream? s_held;

    /// <summary>The latency asked for, or null when the machine's idle states are left alone.</summary>
    public static int? Microseconds { get; private set; }

    /// <summary>Takes the option from <paramref name="args"/> and holds the request until the process exits.</summary>
    public static void HoldFrom(string[] args)
    {
        int i = Array.IndexOf(args, "--cpu-dma-latency");
        if (i < 0)
            return;
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int us))
            throw new FormatException("--cpu-dma-latency takes a whole number of microseconds, such as 0");
        var held = new FileStream(Device, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        held.Write(BitConverter.GetBytes(us)); // the kernel keeps the request while the file stays open
        s_held = held;
        Microseconds = us;
    }

    /// <summary>For the Machine line.</summary>
    public static string Describe() => Microseconds is { } us
        ? $"CPU wake-up latency held at {us} µs by the benchmark ({Device})"
        : "CPU idle states as the machine has them";
}

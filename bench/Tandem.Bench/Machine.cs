using System.Globalization;

namespace Tandem.Bench;

/// <summary>The machine a result was measured on, and how busy it was.</summary>
static class Machine
{
    public static string Cpu =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    public static string Describe()
    {
        var mem = File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim();
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return $"{Cpu}, {Environment.ProcessorCount} cores, {mem} RAM, Linux {kernel}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Idle()}";
    }

    /// <summary>
    /// What an idle CPU does: on a virtual machine whose idle vCPUs halt at once, waking a thread on the other CPU costs
    /// tens of microseconds (a round trip between two CPUs costs several times one on the same CPU), which every
    /// replicated write pays twice; guest halt polling (<c>haltpoll.guest_halt_poll_ns</c>) spins a while first.
    /// </summary>
    public static string Idle()
    {
        var driver = Read("/sys/devices/system/cpu/cpuidle/current_driver");
        if (driver is null)
            return $"cpuidle: none, {CpuLatency.Describe()}";
        var poll = Read("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
        return (poll is null ? $"cpuidle {driver}" : $"cpuidle {driver}, guest_halt_poll_ns {poll}") + $", {CpuLatency.Describe()}";
    }

    static string? Read(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>What /dev/tandem/NAME is on this machine: the daemon picks kernel nbd where the driver is loaded, else FUSE.</summary>
    public static string VolumeDevice => Tandem.Device.KernelNbd.Unavailable() is null
        ? "kernel nbd device connected to the daemon's export"
        : "loop device over a FUSE file served by the daemon";

    /// <summary>The 1-minute load average.</summary>
    public static double Load1() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// The commit the benchmark was built from (run from the repository root), and whether src/ had uncommitted changes,
    /// as they were when it started (src/ may change while it runs; the binary under test was built before).
    /// </summary>
    public static string Commit() => s_commit.Value;

    static readonly Lazy<string> s_commit = new(ReadCommit);

    /// <summary>Reads the commit now: called at start, so the result names the code that was built.</summary>
    public static void NoteCommit() => _ = s_commit.Value;

    static string ReadCommit()
    {
        try
        {
            var head = Proc.Run("git", ["log", "-1", "--format=%h %s"]);
            if (head.Exit != 0)
                return "unknown (not run from a git checkout)";
            var dirty = Proc.Run("git", ["status", "--porcelain", "--", "src"]).Out.Trim().Length > 0;
            return $"`{head.Out.Trim()}`" + (dirty ? " with uncommitted changes in src/" : "");
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown (no git)"; }
    }

    /// <summary>Where <paramref name="dir"/> lives: device, filesystem type, mount point.</summary>
    public static string FileSystemOf(string dir)
    {
        var r = Proc.Run("df", ["--output=source,fstype,target", dir]);
        var line = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "?";
        return string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}

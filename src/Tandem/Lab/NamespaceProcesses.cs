using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// The processes inside one of the lab's network namespaces (<c>ip netns pids</c>): the daemon of a node, the
/// servers it started, the workload client. These are the lab's own by construction, so "every process of a
/// node" is exactly this set; nothing outside the lab's namespaces is ever signalled.
/// </summary>
public static partial class NamespaceProcesses
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static IReadOnlyList<int> Of(string ns)
    {
        var r = LabShell.Run("ip", ["netns", "pids", ns]);
        if (!r.Ok)
            return [];
        return r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .ToList();
    }

    /// <summary>SIGKILL (and SIGCONT, for a stopped one) to every process in <paramref name="ns"/>; waits until they are gone.</summary>
    /// <returns>The pids that were killed.</returns>
    public static IReadOnlyList<int> KillAll(string ns, TimeSpan? wait = null)
    {
        var killed = new List<int>();
        var limit = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var pids = Of(ns);
            if (pids.Count == 0)
                return killed;
            foreach (var pid in pids)
            {
                Signal(pid, SigKill);
                Signal(pid, SigCont);
                if (!killed.Contains(pid))
                    killed.Add(pid);
            }
            if (DateTime.UtcNow > limit)
                throw new LabException($"processes {string.Join(", ", pids)} in namespace {ns} survive SIGKILL (stuck in the kernel?); look at /proc/PID/stack and remove them by hand");
            Thread.Sleep(50);
        }
    }

    public static bool Signal(int pid, int signal) => Native.Kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => Native.Kill(pid, 0) == 0 && !IsZombie(pid);

    static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The program name of a process (<c>/proc/PID/comm</c>), or null when it is gone.</summary>
    public static string? Command(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    static partial class Native
    {
        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        internal static partial int Kill(int pid, int sig);
    }
}

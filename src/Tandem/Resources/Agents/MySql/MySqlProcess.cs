using System.Globalization;
using System.Runtime.InteropServices;

namespace Tandem.Resources.Agents.MySql;

/// <summary>The server process as the system sees it: its pid file, /proc, and signals.</summary>
static partial class MySqlProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;

    /// <summary>The pid in <paramref name="pidFile"/>, or null when the file is absent, empty or not a pid.</summary>
    public static int? ReadPidFile(string pidFile)
    {
        try
        {
            var text = File.ReadAllText(pidFile).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The state letter from /proc/PID/stat (R, S, D, T, Z ...), or null when there is no such process.</summary>
    public static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length ? stat[close + 2] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } s && s is not ('Z' or 'X');

    /// <summary>Whether <paramref name="pid"/> is a MySQL or MariaDB server (and not a pid reused by something else).</summary>
    public static bool IsServer(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.StartsWith("mysqld", StringComparison.Ordinal) || comm.StartsWith("mariadbd", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The running server of a pid file: alive, and a server; null otherwise.</summary>
    public static int? RunningServer(string pidFile) =>
        ReadPidFile(pidFile) is { } pid && IsAlive(pid) && IsServer(pid) ? pid : null;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>"stopped (SIGSTOP)" etc. for messages about a process that does not answer.</summary>
    public static string Describe(int pid) => State(pid) switch
    {
        null => "gone",
        'T' => "stopped by a signal (SIGSTOP?)",
        't' => "stopped by a debugger",
        'D' => "in uninterruptible sleep (waiting on the disk?)",
        'Z' => "a zombie",
        'R' => "running",
        { } s => $"in state {s}",
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}

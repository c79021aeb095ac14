using System.Diagnostics;
using System.Globalization;

namespace Tandem.Tests.Integration.Volume;

/// <summary>Starts and kills real <c>tandem daemon</c> processes for the test fixtures, logging their output to a file.</summary>
public static class DaemonProcess
{
    /// <summary>Starts the daemon with <paramref name="env"/> and waits for its control socket.</summary>
    public static Process Start(IDictionary<string, string> env, string controlSocket, string logPath, string who)
    {
        var psi = new ProcessStartInfo(TandemNode.Executable, "daemon") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        var daemon = Process.Start(psi)!;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        var sw = Stopwatch.StartNew();
        while (!File.Exists(controlSocket))
        {
            Assert.False(daemon.HasExited, $"{who}'s daemon exited at start: {ReadLog(logPath)}");
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{who}: no control socket after 30 s");
            Thread.Sleep(50);
        }
        return daemon;
    }

    /// <summary>kill -9: the node vanishes without a word, as in a power loss; its stale control socket goes too.</summary>
    public static void KillHard(Process daemon, string controlSocket, string who)
    {
        Proc.Run("kill", ["-KILL", daemon.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(daemon.WaitForExit(15_000), $"{who} did not die from SIGKILL");
        File.Delete(controlSocket);
    }

    /// <summary>SIGTERM and a wait; SIGKILL if it does not stop.</summary>
    public static void Stop(Process daemon)
    {
        if (!daemon.HasExited)
        {
            Proc.Run("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!daemon.WaitForExit(15_000))
                daemon.Kill();
        }
        daemon.Dispose();
    }

    public static string ReadLog(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }
}

using System.Diagnostics;

namespace Tandem.Bench;

/// <summary>What a finished program printed and how it ended.</summary>
sealed record ProcOutput(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}: {Err.Trim()} {Out.Trim()}".Trim();
}

/// <summary>
/// Runs programs to completion with their own environment. The ones still running are known, so an
/// interrupted benchmark can end them (by PID) before it removes the devices they hold.
/// </summary>
static class Proc
{
    static readonly HashSet<Process> Running = [];

    public static ProcOutput Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        lock (Running)
            Running.Add(p);
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return new ProcOutput(p.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            lock (Running)
                Running.Remove(p);
        }
    }

    /// <summary>Runs the program and returns its stdout; a non-zero exit stops the benchmark with its stderr.</summary>
    public static string Ok(string file, params string[] args) => Ok(file, args, null);

    public static string Ok(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var list = args.ToList();
        var r = Run(file, list, env);
        if (r.Exit != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', list)} exited {r.Exit}: {r.Err.Trim()}");
        return r.Out;
    }

    /// <summary>SIGKILL to every program this benchmark is still waiting for (fio holding a device, a CLI call).</summary>
    public static void KillRunning()
    {
        Process[] now;
        lock (Running)
            now = [.. Running];
        foreach (var p in now)
        {
            try { p.Kill(); p.WaitForExit(5_000); }
            catch (InvalidOperationException) { } // already gone
        }
    }
}

using System.Diagnostics;

namespace Tandem.Lab;

/// <summary>What a program printed and how it ended.</summary>
public sealed record ShellResult(int Exit, string Out, string Err)
{
    public bool Ok => Exit == 0;

    /// <summary>The last line of stderr (or stdout), for one-line messages.</summary>
    public string Reason
    {
        get
        {
            var text = Err.Trim().Length > 0 ? Err : Out;
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return line is null ? $"exit {Exit}" : $"exit {Exit}: {line}";
        }
    }
}

/// <summary>Thrown when a step of building or driving the lab fails; the message says what failed and what to do.</summary>
public sealed class LabException(string message) : Exception(message);

/// <summary>Runs the programs that build the lab (ip, mariadb-install-db, losetup, ...) and captures their output.</summary>
public static class LabShell
{
    public static ShellResult Run(string file, IReadOnlyList<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ShellResult(127, "", $"cannot run {file}: {e.Message}");
        }
        using (p)
        {
            p.StandardInput.Close();
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return new ShellResult(124, o.Result, $"{file} {string.Join(' ', args)} did not finish within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds} s");
            }
            return new ShellResult(p.ExitCode, o.Result, e.Result);
        }
    }

    /// <summary>Runs a program that must succeed; throws a <see cref="LabException"/> with its message otherwise.</summary>
    public static ShellResult Ok(string file, params string[] args)
    {
        var r = Run(file, args);
        if (!r.Ok)
            throw new LabException($"{file} {string.Join(' ', args)} failed ({r.Reason})");
        return r;
    }

    /// <summary><c>ip ARGS</c>, which must succeed.</summary>
    public static ShellResult Ip(params string[] args) => Ok("ip", args);
}

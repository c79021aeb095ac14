using System.Diagnostics;

namespace Tandem.Tests.Integration.Volume;

public sealed record ProcResult(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs real programs (tandem, mkfs, mount, qemu-io, nbdcopy) and captures their output.</summary>
public static class Proc
{
    public static ProcResult Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutMs} ms");
        }
        return new ProcResult(p.ExitCode, o.Result, e.Result);
    }

    public static ProcResult Ok(string file, params string[] args)
    {
        var r = Run(file, args);
        Assert.True(r.Exit == 0, $"{file} {string.Join(' ', args)} failed: {r}");
        return r;
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Tandem.Resources.Processes;

/// <summary>
/// Runs a command as a child process, optionally behind a <paramref name="prefix"/> (such as
/// <c>["ip", "netns", "exec", "ns1"]</c>). Standard input is empty. The result is taken when the program exits:
/// a daemon it started that keeps the output pipes open does not hold the caller up.
/// </summary>
public sealed class ProcessRunner(IReadOnlyList<string>? prefix = null) : IProcessRunner
{
    /// <summary>Bytes of each output stream kept (the tail).</summary>
    public const int MaxOutput = 16 * 1024;

    /// <summary>Agents need /sbin tools even when the daemon was started with a short PATH.</summary>
    const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>How long output written just before exit is waited for once the program has exited.</summary>
    static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);

    public IReadOnlyList<string> Prefix { get; } = prefix ?? [];

    public async Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var argv = Prefix.Concat([command.File]).Concat(command.Arguments).ToList();
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1))
            psi.ArgumentList.Add(a);
        if (!psi.Environment.TryGetValue("PATH", out var path) || string.IsNullOrEmpty(path))
            psi.Environment["PATH"] = DefaultPath;
        foreach (var (k, v) in command.Environment)
            psi.Environment[k] = v;

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            return new ProcessResult(ProcessResult.CannotRun, "", $"cannot run {argv[0]}: {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = Tail(process.StandardOutput.BaseStream);
            var stderr = Tail(process.StandardError.BaseStream);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(DrainGrace, CancellationToken.None));
            return new ProcessResult(process.ExitCode, Text(stdout), Text(stderr));
        }
    }

    static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
        }
    }

    /// <summary>Reads a stream to its end, keeping the last <see cref="MaxOutput"/> bytes.</summary>
    static async Task<byte[]> Tail(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                kept.Write(buffer, 0, n);
                if (kept.Length > 2 * MaxOutput)
                {
                    var tail = kept.ToArray()[^MaxOutput..];
                    kept = new MemoryStream();
                    kept.Write(tail);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        var all = kept.ToArray();
        return all.Length > MaxOutput ? all[^MaxOutput..] : all;
    }

    static string Text(Task<byte[]> t) => t.IsCompletedSuccessfully ? Encoding.UTF8.GetString(t.Result) : "";
}

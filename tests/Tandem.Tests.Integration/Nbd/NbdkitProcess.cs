using System.Diagnostics;

namespace Tandem.Tests.Integration.Nbd;

/// <summary>
/// A real <c>nbdkit</c> in the foreground, killed by PID on dispose. nbdkit sets PR_SET_PDEATHSIG(SIGTERM),
/// which Linux fires when the <em>thread</em> that forked it exits; pool threads come and go, so nbdkit is
/// started from a dedicated thread that lives until the process has been killed.
/// </summary>
internal sealed class NbdkitProcess : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly Thread _owner;
    private Process? _process;
    private Exception? _startError;

    private NbdkitProcess(string[] args)
    {
        using var started = new ManualResetEventSlim();
        _owner = new Thread(() =>
        {
            try
            {
                _process = ExternalTool.Start("nbdkit", args, redirectInput: false);
            }
            catch (Exception e)
            {
                _startError = e;
            }

            started.Set();
            _release.Wait();
        })
        { IsBackground = true, Name = "nbdkit owner" };
        _owner.Start();
        started.Wait();
    }

    public Process Process => _process ?? throw new InvalidOperationException("nbdkit did not start", _startError);

    /// <summary>Starts <c>nbdkit -U SOCKET --foreground PLUGIN ARGS...</c>.</summary>
    public static NbdkitProcess StartUnix(string socket, params string[] pluginAndArgs)
    {
        var nbdkit = new NbdkitProcess(["-U", socket, "--foreground", .. pluginAndArgs]);
        _ = nbdkit.Process;
        return nbdkit;
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            ExternalTool.Kill(_process);
            _process.Dispose();
        }

        _release.Set();
        _owner.Join();
        _release.Dispose();
    }
}

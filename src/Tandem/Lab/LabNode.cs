using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tandem.Control;
using Tandem.Control.Protocol;

namespace Tandem.Lab;

/// <summary>
/// One lab node: its namespace and its <c>tandem daemon</c>. The daemon runs as
/// <c>setsid ip netns exec NS sh -c '...; exec tandem daemon --config C --node N'</c>, in a mount namespace of its
/// own where <c>/dev/tandem</c> is private and the node's directory is bound at <see cref="LabLayout.NodeView"/>,
/// so the node's device link, mounts and server files are its own, as on a machine of its own. Everything the
/// daemon starts (mysqld) lives in that namespace too and dies with the node.
/// </summary>
public sealed partial class LabNode(LabLayout layout, LabNodeId id, string tandem)
{
    Process? _daemon;
    readonly List<string> _pins = [];

    public LabNodeId Id => id;
    public string Name => id.Name;
    public string Namespace => layout.Names.NodeNamespace(id);

    /// <summary>The daemon's pid while it runs (the pid the lab started; never a guessed one).</summary>
    public int? DaemonPid
    {
        get
        {
            var d = _daemon;
            try { return d is { HasExited: false } ? d.Id : null; }
            catch (InvalidOperationException) { return null; } // replaced by a restart (and disposed) while another thread looked
        }
    }

    /// <summary>Shell run by <c>ip netns exec</c>: private /dev/tandem, the node's view, then exec "$@" with output to $1's log.</summary>
    internal const string EnterScript =
        "set -e; log=\"$1\"; dir=\"$2\"; view=\"$3\"; shift 3; mkdir -p /dev/tandem; " +
        "mount -t tmpfs -o mode=0755,size=1m tandem-dev /dev/tandem; mount --bind \"$dir\" \"$view\"; " +
        "exec \"$@\" </dev/null >>\"$log\" 2>&1";

    /// <summary>The command that runs <paramref name="command"/> as a fresh process of this node (own mount namespace).</summary>
    internal IReadOnlyList<string> Enter(string log, IReadOnlyList<string> command) =>
        ["ip", "netns", "exec", Namespace, "sh", "-c", EnterScript, "sh", log, layout.NodeDir(id), layout.NodeView, .. command];

    /// <summary>
    /// The command that runs <paramref name="command"/> beside the running daemon (its network and mount
    /// namespaces, so it sees /dev/tandem/r0 and the node's mounts), or in a fresh node namespace when no daemon runs.
    /// </summary>
    public IReadOnlyList<string> Beside(IReadOnlyList<string> command, string? log = null)
    {
        if (DaemonPid is { } pid)
            return ["nsenter", "-t", pid.ToString(CultureInfo.InvariantCulture), "-m", "-n", "--", .. command];
        return Enter(log ?? "/dev/null", command);
    }

    /// <summary>Runs a program beside the daemon (see <see cref="Beside"/>) and returns its output.</summary>
    public ShellResult Run(params string[] command)
    {
        if (DaemonPid is not null)
        {
            var c = Beside(command);
            return LabShell.Run(c[0], [.. c.Skip(1)]);
        }
        var log = Path.Combine(layout.NodeDir(id), "commands.log");
        var r = LabShell.Run("ip", [.. Enter(log, command).Skip(1)]);
        return r.Ok ? r : r with { Err = r.Err + Tail(log) };
    }

    public ShellResult RunOk(params string[] command)
    {
        var r = Run(command);
        if (!r.Ok)
            throw new LabException($"{Name}: {string.Join(' ', command)} failed ({r.Reason})");
        return r;
    }

    /// <summary>Starts the node's daemon with <paramref name="config"/> and waits until its control socket answers.</summary>
    public void StartDaemon(string config, TimeSpan? timeout = null)
    {
        if (DaemonPid is not null)
            throw new LabException($"{Name}: the daemon already runs (pid {DaemonPid})");
        var command = Enter(layout.DaemonLog(id), [tandem, "daemon", "--config", config, "--node", Name]);
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in command)
            psi.ArgumentList.Add(a);
        File.AppendAllText(layout.DaemonLog(id), $"--- lab: starting the daemon with {config} at {DateTimeOffset.UtcNow:O}\n");
        var previous = _daemon;
        _daemon = Process.Start(psi) ?? throw new LabException($"{Name}: cannot start setsid ip netns exec");
        previous?.Dispose();
        var sw = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_daemon.HasExited)
                throw new LabException($"{Name}: the daemon exited at start with status {_daemon.ExitCode}; its log says: {Tail(layout.DaemonLog(id))}");
            if (TryStatus() is not null)
            {
                _pins.Add(MountNamespacePin.Pin(_daemon.Id, layout.NodeDir(id)));
                return;
            }
            if (sw.Elapsed > limit)
                throw new LabException($"{Name}: the daemon's control socket {layout.ControlSocket(id)} did not answer within {limit.TotalSeconds} s; its log says: {Tail(layout.DaemonLog(id))}");
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Boots the node as an operator's machine would: the daemon, then the volume attached and connecting (what
    /// DRBD's init script does before Heartbeat starts; a no-op where the daemon already did it).
    /// </summary>
    public void Boot(string config)
    {
        StartDaemon(config);
        CliOk(config, "volume", "up", LabLayout.Volume);
    }

    /// <summary>SIGTERM to the daemon, as an operator stopping the service; SIGKILL if it has not exited within <paramref name="timeout"/>.</summary>
    /// <returns>Whether it exited on SIGTERM.</returns>
    public bool StopDaemon(TimeSpan? timeout = null)
    {
        if (_daemon is null || _daemon.HasExited)
            return true;
        NamespaceProcesses.Signal(_daemon.Id, NamespaceProcesses.SigTerm);
        var clean = _daemon.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        if (!clean)
        {
            NamespaceProcesses.Signal(_daemon.Id, NamespaceProcesses.SigKill);
            ReleasePins();
            _daemon.WaitForExit(15_000);
        }
        return clean;
    }

    /// <summary>Lets the mount namespaces of the node's past daemons go (see <see cref="MountNamespacePin"/>).</summary>
    void ReleasePins()
    {
        foreach (var pin in _pins)
            MountNamespacePin.Release(pin, layout.NodeDir(id));
        _pins.Clear();
    }

    /// <summary>"Hardware failure": SIGKILL to every process of the node (daemon, mysqld, anything else in its namespace).</summary>
    public IReadOnlyList<int> KillEverything()
    {
        var first = NamespaceProcesses.Of(Namespace);
        foreach (var pid in first)
            NamespaceProcesses.Signal(pid, NamespaceProcesses.SigKill);
        var killed = first.Union(NamespaceProcesses.KillAll(Namespace)).ToList();
        _daemon?.WaitForExit(15_000);
        ReleasePins();
        return killed;
    }

    /// <summary>The daemon's <c>tandem status --json</c> (as the CLI prints it), or null when it does not answer.</summary>
    public JsonElement? TryStatus(TimeSpan? timeout = null)
    {
        if (!File.Exists(layout.ControlSocket(id)))
            return null;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
        try
        {
            var r = ControlClient.SendAsync(layout.ControlSocket(id), new ControlRequest("status"), cts.Token).GetAwaiter().GetResult();
            return r.Ok && r.Result is { } result ? result.Clone() : null;
        }
        catch (Exception e) when (e is DaemonUnreachableException or IOException or OperationCanceledException
            or System.Net.Sockets.SocketException or ControlProtocolException or JsonException)
        {
            return null;
        }
    }

    public JsonElement Status() =>
        TryStatus() ?? throw new LabException($"{Name}: the daemon does not answer on {layout.ControlSocket(id)}; its log says: {Tail(layout.DaemonLog(id))}");

    /// <summary>Runs <c>tandem ARGS</c> against this node's daemon (config and node set).</summary>
    public ShellResult Cli(string config, params string[] args) =>
        LabShell.Run(tandem, [.. args, "--config", config, "--node", Name]);

    public ShellResult CliOk(string config, params string[] args)
    {
        var r = Cli(config, args);
        if (!r.Ok)
            throw new LabException($"{Name}: tandem {string.Join(' ', args)} failed ({r.Reason})");
        return r;
    }

    /// <summary>The last lines of a log, joined with " | ".</summary>
    public static string Tail(string path, int lines = 12)
    {
        try
        {
            var all = File.ReadAllLines(path);
            return string.Join(" | ", all.TakeLast(lines));
        }
        catch (IOException) { return "(no log)"; }
    }
}

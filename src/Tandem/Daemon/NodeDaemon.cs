using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tandem.Cluster;
using Tandem.Config;
using Tandem.Control;
using Tandem.Heartbeat;
using Tandem.Notifications;
using Tandem.Volume;

namespace Tandem.Daemon;

/// <summary>
/// One node: its volumes, membership, resource groups and the control socket the CLI talks to. Runs until
/// SIGTERM/SIGINT, then stops its groups (handing them to a live peer) and brings every volume down (demoting a
/// Primary first) before exiting.
/// </summary>
public sealed class NodeDaemon(TandemConfig config, string node, ILoggerFactory logs, TimeProvider time, Random random)
{
    readonly ILogger _log = logs.CreateLogger("Tandem.Daemon");
    readonly EventJournal _events = new(time);

    public async Task<int> RunAsync(CancellationToken external)
    {
        _log.Starting(config.Cluster.Name, node, config.SourcePath);
        var volumes = new Dictionary<string, VolumeRuntime>();
        var key = config.PeerOf(node) is null ? null : AuthKey.Load(config);
        foreach (var (name, v) in config.Volumes)
            if (v.On.TryGetValue(node, out var here))
                volumes[name] = new VolumeRuntime(name, v, here, node, VolumePeerOf(v, key), logs, _events, time, random);

        using var http = new HttpClient();
        await using var notify = Notifiers.Dispatcher(config.Notify, http, logs.CreateLogger("Tandem.Notifications"), time);
        await using var heartbeat = new HeartbeatService(config, node, key, logs, time, _events);
        await using var fencing = new VolumeFencing(volumes, heartbeat, logs.CreateLogger("Tandem.Volume"));
        ClusterRuntime? cluster = null;
        var dispatcher = new CommandDispatcher(volumes, () => Status(volumes, heartbeat, cluster), (r, ct) => cluster!.HandleAsync(r, ct));
        await using var groups = cluster = ClusterRuntime.Create(config, node, heartbeat, new VolumeRolesAdapter(volumes, dispatcher), notify, _events, logs, time, fencing);
        // Like DRBD's "up all" at boot: every local volume is attached and connecting before any group
        // may need it. A volume that cannot come up (no metadata yet, a damaged superblock) stays down
        // and says why; the operator fixes it and runs tandem volume up.
        foreach (var v in volumes.Values)
        {
            var up = await v.UpAsync(CancellationToken.None);
            if (!up.Ok)
            {
                _log.VolumeStaysDown(v.Name, up.Message);
                _events.Add($"{v.Name} stays down: {up.Message}");
            }
        }
        groups.Start(); // the groups' states go into the first heartbeat
        heartbeat.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(external);
        string reason = "cancelled";
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; reason = "SIGTERM"; stop.Cancel(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; reason = "SIGINT"; stop.Cancel(); });

        await using (var control = new ControlServer(config.Nodes[node].ControlSocket, dispatcher.HandleAsync, logs.CreateLogger("Tandem.Control")))
        {
            _events.Add($"daemon started on {node}");
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
            _log.Stopping(reason);
            await groups.ShutdownAsync(CancellationToken.None);
        }
        foreach (var v in volumes.Values)
        {
            var r = await v.ShutdownAsync(CancellationToken.None);
            if (!r.Ok)
                _log.ShutdownProblem(v.Name, r.Message);
        }
        _log.Stopped();
        return 0;
    }

    /// <summary>The peer's side of a volume that is configured on both nodes, or null for a one-node volume.</summary>
    VolumePeer? VolumePeerOf(VolumeOptions v, AuthKey? key)
    {
        var peer = v.On.Keys.FirstOrDefault(n => n != node);
        return peer is null || key is null ? null : new VolumePeer(config.Cluster.Name, peer, v.On[peer], key.Bytes.ToArray());
    }

    NodeStatus Status(Dictionary<string, VolumeRuntime> volumes, IMembership membership, ClusterRuntime? cluster)
    {
        var nodes = MembershipStatus.Nodes(config, node, membership);
        return new NodeStatus(config.Cluster.Name, node, nodes, cluster?.Status() ?? [], volumes.Values.Select(v => v.Status()).ToList(), _events.Snapshot());
    }
}

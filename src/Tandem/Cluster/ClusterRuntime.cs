using Microsoft.Extensions.Logging;
using Tandem.Cluster.Protocol;
using Tandem.Config;
using Tandem.Daemon;
using Tandem.Heartbeat;
using Tandem.Notifications;
using Tandem.Resources.Agents;
using Tandem.Resources.Agents.MySql;
using Tandem.Resources.Agents.Volume;
using Tandem.Resources.Groups;
using Tandem.Resources.Status;

namespace Tandem.Cluster;

/// <summary>
/// This node's resource groups, connected: the group manager with every agent, the peer over heartbeat (none in a
/// one-node cluster), events to the journal and the notifiers, and the operator's cluster commands.
/// </summary>
public sealed partial class ClusterRuntime : IAsyncDisposable
{
    readonly GroupManager _groups;
    readonly HeartbeatGroupPeer? _peer;
    readonly VolumeFencing? _fencing;
    readonly GroupDataReadiness? _data;
    readonly IVolumeStates? _volumes;
    readonly TimeSpan _poll;
    readonly TimeProvider _time;
    readonly CancellationTokenSource _stop = new();
    Task _dataTicker = Task.CompletedTask;
    readonly TandemConfig _config;
    readonly string _node;
    readonly ILogger _log;

    ClusterRuntime(GroupManager groups, HeartbeatGroupPeer? peer, VolumeFencing? fencing, TandemConfig config, string node, ILogger log,
        GroupDataReadiness? data, IVolumeStates? volumes, TimeSpan poll, TimeProvider time)
    {
        _data = data;
        _volumes = volumes;
        _poll = poll;
        _time = time;
        _groups = groups;
        _peer = peer;
        _fencing = fencing;
        _config = config;
        _node = node;
        _log = log;
    }

    public static ClusterRuntime Create(TandemConfig config, string node, HeartbeatService heartbeat, IVolumeRoles volumes,
        NotificationDispatcher notify, EventJournal journal, ILoggerFactory logs, TimeProvider time, VolumeFencing? fencing = null)
    {
        CheckPayloadFits(config);
        var log = logs.CreateLogger("Tandem.Cluster");
        var poll = TimeSpan.FromTicks(Math.Clamp(config.Cluster.Keepalive.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        var peer = heartbeat.Peer is null ? null : new HeartbeatGroupPeer(heartbeat, heartbeat.Generation, poll, time, log);
        if (peer is not null)
            fencing?.Connect(peer);
        var sink = new GroupEventSink(config.Cluster.Name, node, heartbeat.Peer,
            config.Groups.ToDictionary(g => g.Name, g => (IReadOnlyList<string>)[.. g.Resources.Select(r => r.Trim())]), journal, notify);
        var agents = new AgentFactory { Volumes = volumes, MySql = (s, c) => new MySqlResourceAgent(s, c) };
        var states = volumes as IVolumeStates;
        var data = peer is null || states is null ? null
            : new GroupDataReadiness(GroupDataReadiness.VolumesOf(config), heartbeat.Peer!, states.StateOf, states.SyncOf, () => peer.PeerVolumes);
        var groups = GroupManager.Create(config, node, agents, peer is null ? new NoPeer() : peer, time, logs, sink.Handle, data: data);
        return new ClusterRuntime(groups, peer, fencing, config, node, log, data, states, poll, time);
    }

    /// <summary>Publishes the groups' states for the first heartbeat, then starts the peer and the groups.</summary>
    public void Start()
    {
        if (_peer is not null)
        {
            _peer.Attach(_groups.LocalStates, Deliver, _data is null ? null : _data.LocalReports);
            _groups.LocalStateChanged += _peer.LocalStatesChanged;
            _peer.Start();
        }
        _groups.Start();
        if (_data is not null)
            _dataTicker = Task.Run(WatchDataAsync);
    }

    public IReadOnlyList<GroupStatus> Status() => _groups.Status();

    /// <summary>
    /// Stops every group here and hands it to a live peer, waiting (at most deadtime) until the peer has taken them:
    /// a peer that only learns of the offers from this node's silence would wait deadtime to act on it.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        await _groups.ShutdownAsync(ct);
        if (_peer is not null)
            await _peer.FlushAsync([.. _groups.Groups.Where(g => g.Status.Failure is null).Select(g => g.Name)], _config.Cluster.Deadtime);
    }

    /// <summary>The volumes change without membership changing (this node's view of the peer's disk): the groups look again every poll.</summary>
    async Task WatchDataAsync()
    {
        using var timer = new PeriodicTimer(_poll, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                _groups.DataChanged();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _dataTicker;
        _stop.Dispose();
        await _groups.DisposeAsync();
        if (_peer is not null)
            await _peer.DisposeAsync();
    }

    void Deliver(PeerRequest r)
    {
        switch (r.Kind)
        {
            case PeerRequestKind.Offer:
                _groups.PeerOffered(r.Group);
                break;
            case PeerRequestKind.Release:
                _groups.PeerAskedRelease(r.Group);
                break;
            case PeerRequestKind.MaintenanceOn or PeerRequestKind.MaintenanceOff:
                _ = MaintenanceFromPeerAsync(r.Kind == PeerRequestKind.MaintenanceOn);
                break;
            case PeerRequestKind.Outdate or PeerRequestKind.OutdateAnswer:
                _fencing?.Deliver(r);
                break;
            default:
                throw new InvalidOperationException($"unhandled peer request {r}");
        }
    }

    async Task MaintenanceFromPeerAsync(bool on)
    {
        var refusals = await _groups.SetMaintenanceAsync(on);
        if (refusals.Count > 0)
            _log.MaintenanceRefused(_config.PeerOf(_node) ?? "the peer", string.Join("; ", refusals));
    }

    /// <summary>Every group's state, and a few requests, must fit in one heartbeat.</summary>
    static void CheckPayloadFits(TandemConfig config)
    {
        var names = config.Groups.Select(g => g.Name).ToList();
        var tooLong = names.FirstOrDefault(n => System.Text.Encoding.UTF8.GetByteCount(n) > ClusterPayloadLimits.MaxGroupNameBytes);
        if (tooLong is not null)
            throw new InvalidOperationException($"{config.SourcePath}: group name \"{tooLong[..40]}...\" is longer than {ClusterPayloadLimits.MaxGroupNameBytes} bytes; give the group a shorter name");
        var volumes = GroupDataReadiness.VolumesOf(config).Values.SelectMany(v => v).Distinct(StringComparer.Ordinal).ToList();
        if (volumes.Count > ClusterPayloadLimits.MaxVolumes || volumes.Any(v => System.Text.Encoding.UTF8.GetByteCount(v) > ClusterPayloadLimits.MaxGroupNameBytes))
            throw new InvalidOperationException(
                $"{config.SourcePath}: the groups use {volumes.Count} volumes; a heartbeat reports at most {ClusterPayloadLimits.MaxVolumes} with names of at most {ClusterPayloadLimits.MaxGroupNameBytes} bytes; use fewer volumes in groups or shorter names");
        var states = new ClusterPayload(1, 1, [.. names.Select(n => new GroupReport(n, GroupState.Stopped))], 0, 0, [])
        {
            Volumes = [.. volumes.Select(v => new VolumeReport(v, Volume.DiskState.UpToDate, Volume.ConnectionState.Connected))],
        };
        var longest = names.Count == 0 ? 0 : names.Max(n => System.Text.Encoding.UTF8.GetByteCount(n));
        if (names.Count > ClusterPayloadLimits.MaxGroups || ClusterPayloadCodec.Size(states) + 4 * (10 + longest) > ClusterPayloadLimits.MaxBytes)
            throw new InvalidOperationException(
                $"{config.SourcePath}: {names.Count} groups with these names do not fit in a heartbeat ({ClusterPayloadLimits.MaxBytes} bytes, at most {ClusterPayloadLimits.MaxGroups} groups); use fewer groups or shorter names");
    }
}

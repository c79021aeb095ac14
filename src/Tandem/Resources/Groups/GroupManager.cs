using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Resources.Agents;
using Tandem.Resources.Processes;
using Tandem.Resources.Specs;
using Tandem.Resources.Status;

namespace Tandem.Resources.Groups;

/// <summary>
/// Every group of this node: forwards membership to each group, carries the cluster commands (standby, takeover,
/// maintenance) and the peer's requests, and reports status.
/// </summary>
public sealed class GroupManager : IAsyncDisposable
{
    readonly IReadOnlyDictionary<string, GroupRunner> _groups;
    readonly IGroupPeer _peer;
    readonly IGroupData? _data;
    readonly Lock _peerLock = new();
    readonly Dictionary<string, string?> _postedNotReady = new(StringComparer.Ordinal);

    /// <param name="data">Whether each group's data is ready here and on the peer; null: always (groups without volumes).</param>
    public GroupManager(IReadOnlyList<GroupRunner> groups, IGroupPeer peer, IGroupData? data = null)
    {
        _groups = groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        _peer = peer;
        _data = data;
    }

    /// <summary>The groups of <paramref name="config"/> with their agents; resource strings were checked when the config was loaded.</summary>
    public static GroupManager Create(TandemConfig config, string node, AgentFactory agents, IGroupPeer peer, TimeProvider time,
        ILoggerFactory logs, Action<GroupEvent>? events = null, IProcessRunner? runner = null, IGroupData? data = null)
    {
        var log = logs.CreateLogger("Tandem.Resources");
        var runners = new List<GroupRunner>();
        foreach (var g in config.Groups)
        {
            var context = new AgentContext(node, g.Name, runner ?? new ProcessRunner(), time, log);
            var specs = g.Resources.Select(r => WithOwnMonitorTimeout(ResourceSpecParser.Parse(r), g)).ToList();
            var machine = new GroupMachine(GroupPolicy.From(g, config, node));
            runners.Add(new GroupRunner(machine, agents.CreateAll(specs, context), Timeouts(g), peer, time, log, events));
        }
        return new GroupManager(runners, peer, data);
    }

    /// <summary>Each resource's timeouts: the group's, with its <c>[[groups.monitor]]</c> timeout when it has one.</summary>
    public static IReadOnlyList<ResourceTimeouts> Timeouts(GroupOptions g) =>
        [.. g.Resources.Select(r => new ResourceTimeouts(g.StartTimeout, g.StopTimeout, g.MonitorTimeoutOf(r)))];

    /// <summary>
    /// A MySQL resource times its probe itself (its own timeouts win over the group's), so a <c>[[groups.monitor]]</c>
    /// timeout goes into its options; the config refuses it when the resource string sets monitor_timeout too.
    /// </summary>
    public static ResourceSpec WithOwnMonitorTimeout(ResourceSpec spec, GroupOptions g) =>
        spec is MySqlSpec m && g.MonitorOf(spec.Id)?.Timeout is { } timeout
            ? m with { Options = m.Options with { MonitorTimeout = timeout } }
            : spec;

    public IReadOnlyCollection<GroupRunner> Groups => [.. _groups.Values];

    /// <summary>Raised when a group's state on this node changes; membership sends <see cref="LocalStates"/> to the peer then.</summary>
    public event Action? LocalStateChanged;

    /// <summary>Each group's state on this node.</summary>
    public IReadOnlyDictionary<string, GroupState> LocalStates() => _groups.ToDictionary(g => g.Key, g => g.Value.LocalState);

    public void Start()
    {
        _peer.Changed += OnPeerChanged;
        foreach (var g in _groups.Values)
        {
            g.LocalStateChanged += _ => LocalStateChanged?.Invoke();
            g.Start();
        }
    }

    public IReadOnlyList<GroupStatus> Status() => [.. _groups.Values.Select(g => g.Status)];

    /// <summary>Hands every group to the peer; the refusals, one line per group.</summary>
    public Task<IReadOnlyList<string>> StandbyAsync() => ToAll(_ => new GroupInput.Standby());

    /// <summary>Pulls every group here; a group whose data is not UpToDate here is refused unless <paramref name="force"/>.</summary>
    public Task<IReadOnlyList<string>> TakeoverAsync(bool force = false) =>
        ToAll(g => new GroupInput.Takeover { LocalDataNotReady = _data?.NotReadyHere(g), Force = force });

    public Task<IReadOnlyList<string>> SetMaintenanceAsync(bool on) => ToAll(_ => new GroupInput.Maintenance(on));

    /// <summary>Looks at the groups' data again (volumes change without the peer's membership changing): tells each group whose peer readiness changed.</summary>
    public void DataChanged()
    {
        if (_data is null)
            return;
        lock (_peerLock)
            foreach (var g in _groups.Values)
            {
                if (_peer.State != PeerState.Alive)
                    return;
                var notReady = _data.NotReadyOnPeer(g.Name);
                if (_postedNotReady.TryGetValue(g.Name, out var posted) && posted == notReady)
                    continue;
                PostPeer(g, PeerState.Alive, notReady);
            }
    }

    /// <summary>The peer released <paramref name="group"/> and asks this node to run it.</summary>
    public void PeerOffered(string group) => Find(group)?.Post(new GroupInput.PeerOffered());

    /// <summary>The peer asks this node to release <paramref name="group"/>.</summary>
    public void PeerAskedRelease(string group) => Find(group)?.Post(new GroupInput.PeerAskedRelease());

    /// <summary>Stops every group here (handing them to a live peer); stops of all groups run side by side.</summary>
    public Task ShutdownAsync(CancellationToken ct) => Task.WhenAll(_groups.Values.Select(g => g.ShutdownAsync(ct)));

    public async ValueTask DisposeAsync()
    {
        _peer.Changed -= OnPeerChanged;
        foreach (var g in _groups.Values)
            await g.DisposeAsync();
    }

    GroupRunner? Find(string group) => _groups.GetValueOrDefault(group);

    void OnPeerChanged()
    {
        lock (_peerLock)
        {
            var state = _peer.State;
            foreach (var g in _groups.Values)
                PostPeer(g, state, state == PeerState.Alive ? _data?.NotReadyOnPeer(g.Name) : null);
        }
    }

    void PostPeer(GroupRunner g, PeerState state, string? notReady)
    {
        _postedNotReady[g.Name] = notReady;
        g.Post(new GroupInput.PeerChanged(state, _peer.GroupOnPeer(g.Name)) { PeerDataNotReady = notReady });
    }

    async Task<IReadOnlyList<string>> ToAll(Func<string, GroupInput> input)
    {
        var replies = await Task.WhenAll(_groups.Values.Select(async g => (g.Name, Refusal: await g.SendAsync(input(g.Name)))));
        return [.. replies.Where(r => r.Refusal is not null).Select(r => $"{r.Name}: {r.Refusal}")];
    }
}

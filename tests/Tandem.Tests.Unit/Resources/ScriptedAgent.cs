using Tandem.Resources.Agents;
using Tandem.Resources.Groups;
using Tandem.Resources.Specs;

namespace Tandem.Tests.Unit.Resources;

/// <summary>An agent whose actions a test scripts; every call is recorded in a shared journal ("start a").</summary>
sealed class ScriptedAgent(string id, List<string> journal) : IResourceAgent
{
    public ResourceSpec Spec { get; } = new ScriptSpec(id, id, []);

    public bool Running { get; set; }

    /// <summary>Replaces the default behaviour of an action (default: start/stop set <see cref="Running"/>, monitor reports it).</summary>
    public Func<AgentAction, CancellationToken, Task<AgentResult>>? Override { get; set; }

    public Task<AgentResult> StartAsync(CancellationToken ct) => Do(AgentAction.Start, ct);

    public Task<AgentResult> StopAsync(CancellationToken ct) => Do(AgentAction.Stop, ct);

    public Task<AgentResult> MonitorAsync(CancellationToken ct) => Do(AgentAction.Monitor, ct);

    Task<AgentResult> Do(AgentAction action, CancellationToken ct)
    {
        lock (journal)
            journal.Add($"{action.ToString().ToLowerInvariant()} {Spec.Id}");
        if (Override is { } o)
            return o(action, ct);
        switch (action)
        {
            case AgentAction.Start: Running = true; return Task.FromResult(AgentResult.Ok);
            case AgentAction.Stop: Running = false; return Task.FromResult(AgentResult.Ok);
            default: return Task.FromResult(Running ? AgentResult.Ok : AgentResult.NotRunning());
        }
    }
}

/// <summary>The other node as a test scripts it.</summary>
sealed class ScriptedPeer : IGroupPeer
{
    readonly Dictionary<string, GroupState> _groups = [];

    public PeerState State { get; private set; } = PeerState.Unknown;

    public List<string> Requests { get; } = [];

    public event Action? Changed;

    public GroupState? GroupOnPeer(string group)
    {
        lock (_groups)
            return _groups.TryGetValue(group, out var s) ? s : null;
    }

    public void Set(PeerState state, string? group = null, GroupState groupState = GroupState.Stopped)
    {
        State = state;
        if (group is not null)
            lock (_groups)
                _groups[group] = groupState;
        Changed?.Invoke();
    }

    public Task OfferAsync(string group, CancellationToken ct)
    {
        lock (Requests)
            Requests.Add($"offer {group}");
        return Task.CompletedTask;
    }

    public Task RequestReleaseAsync(string group, CancellationToken ct)
    {
        lock (Requests)
            Requests.Add($"release {group}");
        return Task.CompletedTask;
    }
}

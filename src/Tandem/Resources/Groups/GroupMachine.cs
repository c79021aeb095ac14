namespace Tandem.Resources.Groups;

/// <summary>
/// One resource group on this node, as a pure state machine: no processes, no clock (the time comes with each
/// input). <see cref="Handle"/> is the only entry point; it updates the state and returns what to do. Resources
/// start left to right and stop right to left (haresources); every change of the group's state happens in
/// <see cref="UpdateState"/>.
/// </summary>
public sealed partial class GroupMachine
{
    enum Goal { Stopped, Running }

    /// <summary>The one agent operation in flight (operations of a group never overlap), or a stop back-off.</summary>
    readonly record struct Pending(OperationKind Kind, int Index, long Generation, bool RetryWait = false);

    readonly GroupPolicy _p;
    readonly ResourceState[] _resources;
    readonly long[] _generation;
    readonly bool[] _monitorDue;
    readonly int[] _stopFailures;
    readonly List<DateTimeOffset>[] _restarts;

    Goal _goal = Goal.Stopped;
    Pending? _pending;
    int _probed;
    PeerState _peer = PeerState.Unknown;
    GroupState? _peerGroup;
    bool _maintenance, _shutdown, _halted, _offerWhenStopped, _awaitingRelease, _recovering;

    /// <summary>auto_failback is due (the preferred peer is back) but waits until the peer's data is ready.</summary>
    bool _failbackDue;

    /// <summary>What the due failback waits for, as last reported (progress included).</summary>
    string? _failbackWait;

    /// <summary>Why this node gave the group up (start failed, restart limit), until an operator says otherwise.</summary>
    string? _cannotRunHere;

    /// <summary>Why the group is failed: a stop failed for good, or it can run nowhere.</summary>
    string? _failure;

    public GroupMachine(GroupPolicy policy)
    {
        _p = policy;
        var n = policy.Resources.Count;
        _resources = new ResourceState[n];
        _generation = new long[n];
        _monitorDue = new bool[n];
        _stopFailures = new int[n];
        _restarts = [.. Enumerable.Range(0, n).Select(_ => new List<DateTimeOffset>())];
    }

    public GroupPolicy Policy => _p;

    public GroupState State { get; private set; } = GroupState.Stopped;

    public IReadOnlyList<ResourceState> Resources => _resources;

    public bool Maintenance => _maintenance;

    /// <summary>Why the group is failed, or null.</summary>
    public string? Failure => State == GroupState.Failed ? _failure : null;

    /// <summary>Nothing running here, nothing in flight: a shutting-down daemon may exit.</summary>
    public bool Quiescent => _pending is null && (_halted || (_goal == Goal.Stopped && AllStopped && _probed == _resources.Length));

    /// <summary>Where the peer's last report says the group is, or null.</summary>
    public GroupState? PeerGroup => _peerGroup;

    public PeerState Peer => _peer;

    /// <summary>What a due auto_failback waits for (the peer's resync), or null when none waits.</summary>
    public string? FailbackWait => _failbackDue && _goal == Goal.Running ? _failbackWait : null;

    public GroupTransition Handle(GroupInput input, DateTimeOffset now)
    {
        var actions = new List<GroupAction>();
        string? refusal = null;
        switch (input)
        {
            case GroupInput.Completed c:
                Completed(c, now, actions);
                break;
            case GroupInput.MonitorDue m:
                MonitorDue(m);
                break;
            case GroupInput.StopRetryDue r:
                StopRetryDue(r);
                break;
            case GroupInput.PeerChanged p:
                PeerChanged(p, actions);
                break;
            case GroupInput.PeerOffered:
                PeerOffered(actions);
                break;
            case GroupInput.PeerAskedRelease:
                PeerAskedRelease(actions);
                break;
            case GroupInput.Standby:
                refusal = Standby(actions);
                break;
            case GroupInput.Takeover t:
                refusal = Takeover(t, actions);
                break;
            case GroupInput.Maintenance m:
                SetMaintenance(m.On, actions);
                break;
            case GroupInput.Shutdown:
                Shutdown();
                break;
            default:
                throw new InvalidOperationException($"group {_p.Name}: unhandled input {input}");
        }
        Reconcile(actions);
        UpdateState(actions);
        return new GroupTransition(actions, refusal);
    }

    bool AllStopped => _resources.All(r => r == ResourceState.Stopped);

    bool AllStarted => _resources.All(r => r == ResourceState.Started);

    /// <summary>The peer's report says it has the group (running, or in a state that may hold resources).</summary>
    bool PeerHolds => _peer == PeerState.Alive && _peerGroup is { } g && g != GroupState.Stopped;

    bool IsOwner => _p.Owner == _p.Node;

    /// <summary>Why the group may not be started here now, or null.</summary>
    string? CannotRunHere =>
        _shutdown ? "this node is shutting down"
        : _halted ? $"it failed here and needs cleanup ({_failure})"
        : _cannotRunHere is not null ? $"it failed here ({_cannotRunHere}); after fixing the cause run: tandem cluster takeover"
        : null;

    /// <summary>The single place where the group's state changes.</summary>
    void UpdateState(List<GroupAction> actions)
    {
        var next = Derive();
        if (next == State)
            return;
        actions.Add(new GroupAction.StateChanged(State, next));
        State = next;
    }

    GroupState Derive()
    {
        if (_halted)
            return GroupState.Failed;
        if (_pending is { Kind: OperationKind.Start })
            return GroupState.Starting;
        if (_pending is { Kind: OperationKind.Stop })
            return GroupState.Stopping;
        if (_resources.Length == 0)
            return _goal == Goal.Running ? GroupState.Started : GroupState.Stopped;
        if (AllStarted)
            return GroupState.Started;
        if (AllStopped)
            return _failure is not null ? GroupState.Failed : GroupState.Stopped;
        if (_maintenance)
            return State;
        return _goal == Goal.Running ? GroupState.Starting : GroupState.Stopping;
    }

    void SetResource(int i, ResourceState state, List<GroupAction> actions)
    {
        if (_resources[i] == state)
            return;
        actions.Add(new GroupAction.ResourceChanged(i, _resources[i], state));
        _resources[i] = state;
    }

    void Event(List<GroupAction> actions, GroupEventKind kind, string text) => actions.Add(new GroupAction.Event(kind, text));
}

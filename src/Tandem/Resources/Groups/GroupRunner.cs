using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Resources.Agents;
using Tandem.Resources.Status;

namespace Tandem.Resources.Groups;

/// <summary>
/// Runs one <see cref="GroupMachine"/>: feeds it inputs one at a time on its own loop, carries out its actions
/// (agent operations under their timeouts, timers on the injected clock, requests to the peer) and feeds the
/// results back. All decisions are the machine's.
/// </summary>
public sealed partial class GroupRunner : IAsyncDisposable
{
    readonly record struct Item(GroupInput Input, TaskCompletionSource<string?>? Reply);

    readonly GroupMachine _machine;
    readonly IReadOnlyList<IResourceAgent> _agents;
    readonly IReadOnlyList<ResourceTimeouts> _timeouts;
    readonly IGroupPeer _peer;
    readonly TimeProvider _time;
    readonly ILogger _log;
    readonly Action<GroupEvent>? _events;
    readonly Channel<Item> _inbox = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource _stop = new();
    readonly TaskCompletionSource _quiescent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Task _loop = Task.CompletedTask;
    volatile GroupStatus _status;

    /// <param name="timeouts">The same for every resource (an agent's own <see cref="IResourceAgent.Timeouts"/> win).</param>
    public GroupRunner(GroupMachine machine, IReadOnlyList<IResourceAgent> agents, ResourceTimeouts timeouts, IGroupPeer peer,
        TimeProvider time, ILogger log, Action<GroupEvent>? events = null)
        : this(machine, agents, [.. agents.Select(_ => timeouts)], peer, time, log, events)
    {
    }

    /// <param name="timeouts">Per resource, in the order of the group (an agent's own <see cref="IResourceAgent.Timeouts"/> win).</param>
    public GroupRunner(GroupMachine machine, IReadOnlyList<IResourceAgent> agents, IReadOnlyList<ResourceTimeouts> timeouts, IGroupPeer peer,
        TimeProvider time, ILogger log, Action<GroupEvent>? events = null)
    {
        if (agents.Count != machine.Policy.Resources.Count || timeouts.Count != agents.Count)
            throw new ArgumentException($"group {machine.Policy.Name} has {machine.Policy.Resources.Count} resources but {agents.Count} agents and {timeouts.Count} timeouts");
        _machine = machine;
        _agents = agents;
        _timeouts = [.. agents.Select((a, i) => a.Timeouts ?? timeouts[i])];
        _peer = peer;
        _time = time;
        _log = log;
        _events = events;
        _status = Snapshot();
    }

    public string Name => _machine.Policy.Name;

    /// <summary>The group's state on this node (what membership reports to the peer).</summary>
    public GroupState LocalState => _machine.State;

    /// <summary>Raised on the runner's loop after <see cref="LocalState"/> changed.</summary>
    public event Action<GroupRunner>? LocalStateChanged;

    /// <summary>The group as <c>tandem status</c> shows it; safe to read from any thread.</summary>
    public GroupStatus Status => _status;

    /// <summary>Starts the loop: probes the resources, then follows membership.</summary>
    public void Start()
    {
        _loop = Task.Run(async () =>
        {
            try
            {
                await LoopAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LoopFailed(Name, e);
                throw;
            }
        });
        Post(new GroupInput.PeerChanged(_peer.State, _peer.GroupOnPeer(Name)));
    }

    /// <summary>Queues an input; the machine sees inputs in the order they were posted.</summary>
    public void Post(GroupInput input) => _inbox.Writer.TryWrite(new Item(input, null));

    /// <summary>Queues an operator command and returns its refusal, or null when accepted.</summary>
    public Task<string?> SendAsync(GroupInput input)
    {
        var reply = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new Item(input, reply)))
            reply.TrySetResult("the group manager has stopped");
        return reply.Task;
    }

    /// <summary>Stops the group here (handing it to a live peer) and waits until nothing runs or a stop failed for good.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        Post(new GroupInput.Shutdown());
        await _quiescent.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    async Task LoopAsync()
    {
        var shuttingDown = false;
        await foreach (var item in _inbox.Reader.ReadAllAsync(_stop.Token))
        {
            var before = _machine.State;
            GroupTransition t;
            try
            {
                t = _machine.Handle(item.Input, _time.GetUtcNow());
            }
            catch (Exception e)
            {
                item.Reply?.TrySetException(e);
                throw;
            }
            foreach (var action in t.Actions)
                Execute(action);
            _status = Snapshot();
            if (t.Refusal is not null)
                _log.CommandRefused(Name, item.Input.GetType().Name.ToLowerInvariant(), t.Refusal);
            item.Reply?.TrySetResult(t.Refusal);
            if (_machine.State != before)
                LocalStateChanged?.Invoke(this);
            shuttingDown |= item.Input is GroupInput.Shutdown;
            if (shuttingDown && _machine.Quiescent)
                _quiescent.TrySetResult();
        }
    }
}

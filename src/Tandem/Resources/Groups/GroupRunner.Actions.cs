using Microsoft.Extensions.Logging;
using Tandem.Resources.Agents;
using Tandem.Resources.Status;

namespace Tandem.Resources.Groups;

/// <summary>Carrying out the machine's actions.</summary>
public sealed partial class GroupRunner
{
    void Execute(GroupAction action)
    {
        switch (action)
        {
            case GroupAction.Run r:
                _ = RunAsync(r);
                break;
            case GroupAction.Schedule s:
                _ = ScheduleAsync(s);
                break;
            case GroupAction.OfferToPeer:
                _ = AskPeerAsync("take the group", ct => _peer.OfferAsync(Name, ct));
                break;
            case GroupAction.AskPeerToRelease:
                _ = AskPeerAsync("release the group", ct => _peer.RequestReleaseAsync(Name, ct));
                break;
            case GroupAction.StateChanged c:
                _log.GroupStateChanged(Name, c.Old, c.New);
                break;
            case GroupAction.ResourceChanged c:
                _log.ResourceStateChanged(Name, _machine.Policy.Resources[c.Index], c.Old, c.New);
                break;
            case GroupAction.ResourceHung h:
                _log.ResourceHung(Name, _machine.Policy.Resources[h.Index], h.Reason, _machine.Policy.Peer ?? "the peer");
                break;
            case GroupAction.Event e:
                _log.GroupEvent(Name, e.Text);
                _events?.Invoke(new GroupEvent(_time.GetUtcNow(), Name, _machine.Policy.Node, e.Kind, e.Text));
                break;
            default:
                throw new InvalidOperationException($"unhandled group action {action}");
        }
    }

    async Task RunAsync(GroupAction.Run r)
    {
        var action = r.Kind switch
        {
            OperationKind.Start => AgentAction.Start,
            OperationKind.Stop => AgentAction.Stop,
            _ => AgentAction.Monitor,
        };
        var id = _machine.Policy.Resources[r.Index];
        AgentResult result;
        try
        {
            await Task.Yield();
            result = await AgentInvoker.InvokeAsync(_agents[r.Index], action, _timeouts[r.Index].For(action), _time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return; // the runner is being disposed
        }
        var name = r.Kind.ToString().ToLowerInvariant();
        if (result.IsOk)
            _log.ActionOk(Name, id, name);
        else if (r.Kind != OperationKind.Probe || result.Outcome != AgentOutcome.NotRunning)
            _log.ActionFailed(Name, id, name, result.Outcome.ToString(), result.Reason);
        Post(new GroupInput.Completed(r.Kind, r.Index, r.Generation, result));
    }

    async Task ScheduleAsync(GroupAction.Schedule s)
    {
        try
        {
            await Task.Delay(s.After, _time, _stop.Token);
            Post(s.Input);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A failed request is logged, never awaited by the group: a dead peer must not block a failover.</summary>
    async Task AskPeerAsync(string what, Func<CancellationToken, Task> request)
    {
        try
        {
            await Task.Yield();
            await request(_stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _log.PeerRequestFailed(Name, what, e.Message);
        }
    }

    GroupStatus Snapshot()
    {
        var p = _machine.Policy;
        var here = _machine.State != GroupState.Stopped || _machine.Resources.Any(r => r != ResourceState.Stopped);
        if (!here && _machine.Peer == PeerState.Alive && _machine.PeerGroup is { } onPeer && onPeer != GroupState.Stopped)
            return new GroupStatus(p.Name, p.Peer, onPeer.Name(), [.. p.Resources.Select(id => new ResourceStatus(id, "unknown"))], _machine.Maintenance);
        var resources = p.Resources.Select((id, i) => new ResourceStatus(id, _machine.Resources[i].Name())).ToList();
        var waiting = _machine.FailbackWait is { } w ? $"auto_failback to {p.Peer} waits for its data: {w}" : null;
        return new GroupStatus(p.Name, here ? p.Node : null, _machine.State.Name(), resources, _machine.Maintenance, _machine.Failure, waiting);
    }
}

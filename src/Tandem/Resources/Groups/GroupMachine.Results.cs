using Tandem.Config;
using Tandem.Resources.Agents;

namespace Tandem.Resources.Groups;

/// <summary>What the machine makes of finished operations, due monitors and stop back-offs.</summary>
public sealed partial class GroupMachine
{
    void Completed(GroupInput.Completed c, DateTimeOffset now, List<GroupAction> actions)
    {
        if (_pending is not { RetryWait: false } p || p.Kind != c.Kind || p.Index != c.Index || p.Generation != c.Generation)
            throw new InvalidOperationException($"group {_p.Name}: {c.Kind} of resource {c.Index} finished, but {(_pending is null ? "nothing" : _pending.ToString())} was running");
        _pending = null;
        var id = _p.Resources[c.Index];
        switch (c.Kind)
        {
            case OperationKind.Probe:
                Probed(c.Index, c.Result, actions);
                break;
            case OperationKind.Start:
                Started(c.Index, id, c.Result, actions);
                break;
            case OperationKind.Stop:
                Stopped(c.Index, id, c.Result, actions);
                break;
            case OperationKind.Monitor:
                Monitored(c.Index, id, c.Result, now, actions);
                break;
            default:
                throw new InvalidOperationException($"unhandled operation {c.Kind}");
        }
    }

    /// <summary>At start-up nothing is assumed: what is found running is taken as started (and stopped unless wanted).</summary>
    void Probed(int i, AgentResult r, List<GroupAction> actions)
    {
        _probed++;
        var found = r.Outcome switch
        {
            AgentOutcome.Ok => ResourceState.Started,
            AgentOutcome.NotRunning => ResourceState.Stopped,
            _ => ResourceState.Failed,
        };
        SetResource(i, found, actions);
        if (found == ResourceState.Started)
            ScheduleMonitor(i, actions);
        if (found != ResourceState.Stopped)
            Event(actions, GroupEventKind.Info, $"{_p.Resources[i]} found {(found == ResourceState.Started ? "running" : "failed")} at start-up{(r.IsOk ? "" : ": " + r.Reason)}");
    }

    void Started(int i, string id, AgentResult r, List<GroupAction> actions)
    {
        if (!r.IsOk)
        {
            SetResource(i, ResourceState.Failed, actions);
            Event(actions, GroupEventKind.StartFailed, $"{id} failed to start: {r.Reason}");
            GiveUpHere($"{id} failed to start");
            return;
        }
        SetResource(i, ResourceState.Started, actions);
        ScheduleMonitor(i, actions);
        if (!AllStarted)
            return;
        _failure = null;
        if (_recovering)
            Event(actions, GroupEventKind.Recovered, $"running again on {_p.Node} after a restart in place");
        else
            Event(actions, GroupEventKind.Started, $"started on {_p.Node}");
        _recovering = false;
    }

    void Stopped(int i, string id, AgentResult r, List<GroupAction> actions)
    {
        if (r.Outcome is AgentOutcome.Ok or AgentOutcome.NotRunning)
        {
            _stopFailures[i] = 0;
            SetResource(i, ResourceState.Stopped, actions);
            if (AllStopped && _goal == Goal.Stopped)
                Event(actions, GroupEventKind.Stopped, $"stopped on {_p.Node}");
            return;
        }
        SetResource(i, ResourceState.Failed, actions);
        var attempt = ++_stopFailures[i];
        if (attempt <= _p.StopRetries)
        {
            var delay = _p.StopRetryDelay * Math.Pow(2, attempt - 1);
            Event(actions, GroupEventKind.StopFailed, $"{id} failed to stop (attempt {attempt} of {_p.StopRetries + 1}): {r.Reason}; retrying in {Duration.Format(delay)}");
            _pending = new Pending(OperationKind.Stop, i, _generation[i], RetryWait: true);
            actions.Add(new GroupAction.Schedule(new GroupInput.StopRetryDue(i, _generation[i]), delay));
            return;
        }
        _halted = true;
        _failure = $"{id} failed to stop {attempt} times: {r.Reason}";
        Event(actions, GroupEventKind.StopFailed,
            $"FAILED: {_failure}. It may still be active here, so the group is not started anywhere else; clean it up by hand, then run tandem cluster standby (hand over) or takeover (start here)");
    }

    void Monitored(int i, string id, AgentResult r, DateTimeOffset now, List<GroupAction> actions)
    {
        if (r.IsOk)
        {
            SetResource(i, ResourceState.Started, actions);
            ScheduleMonitor(i, actions);
            return;
        }
        var wasStarted = _resources[i] == ResourceState.Started;
        SetResource(i, ResourceState.Failed, actions);
        if (wasStarted)
            Event(actions, GroupEventKind.ResourceFailed, $"{id} failed its monitor: {r}");
        if (_maintenance)
        {
            ScheduleMonitor(i, actions); // keep reporting
            return;
        }
        if (r.Outcome == AgentOutcome.TimedOut)
            Hung(i, id, r, now, actions);
        else
            Restart(i, id, now, actions);
    }

    /// <summary>
    /// A monitor that did not answer in time found the resource hung, not merely failed: a restart in place would
    /// meet the same hang (a frozen process, a stuck disk), so the group moves to a live peer at once. With no live
    /// peer to take it, restarting here is still better than running nowhere.
    /// </summary>
    void Hung(int i, string id, AgentResult r, DateTimeOffset now, List<GroupAction> actions)
    {
        if (_goal != Goal.Running)
            return;
        if (_peer != PeerState.Alive)
        {
            Event(actions, GroupEventKind.Info,
                $"{id} is hung ({r.Reason}), but {PeerName} is {_peer.ToString().ToLowerInvariant()} and cannot take the group; restarting it here");
            Restart(i, id, now, actions);
            return;
        }
        actions.Add(new GroupAction.ResourceHung(i, r.Reason));
        Event(actions, GroupEventKind.Failover,
            $"{id} is hung: its monitor timed out ({r.Reason}); moving the group to {PeerName} instead of restarting it in place");
        GiveUpHere($"{id} hung");
    }

    /// <summary>Restart in place while under the threshold, else move the group to the peer.</summary>
    void Restart(int i, string id, DateTimeOffset now, List<GroupAction> actions)
    {
        if (_goal != Goal.Running)
            return;
        _restarts[i].RemoveAll(t => t <= now - _p.RestartWindow);
        if (_restarts[i].Count >= _p.MaxRestarts)
        {
            Event(actions, GroupEventKind.Failover,
                $"{id} failed {_restarts[i].Count + 1} times within {Duration.Format(_p.RestartWindow)} (max_restarts = {_p.MaxRestarts}); moving the group to {_p.Peer ?? "the peer"}");
            GiveUpHere($"{id} kept failing");
            return;
        }
        _restarts[i].Add(now);
        _recovering = true;
        Event(actions, GroupEventKind.Restarting, $"restarting {id} and the resources after it (restart {_restarts[i].Count} of {_p.MaxRestarts})");
    }

    /// <summary>This node cannot run the group: stop what runs, then offer it to the peer.</summary>
    void GiveUpHere(string why)
    {
        _cannotRunHere = why;
        _failbackDue = false;
        _recovering = false;
        _goal = Goal.Stopped;
        _offerWhenStopped = true;
    }

    void MonitorDue(GroupInput.MonitorDue m)
    {
        // A monitor scheduled before the resource was stopped or restarted is stale.
        if (m.Generation != _generation[m.Index])
            return;
        if (_resources[m.Index] == ResourceState.Started || (_maintenance && _resources[m.Index] == ResourceState.Failed))
            _monitorDue[m.Index] = true;
    }

    void StopRetryDue(GroupInput.StopRetryDue r)
    {
        if (_pending is not { RetryWait: true } p || p.Index != r.Index || p.Generation != r.Generation)
            throw new InvalidOperationException($"group {_p.Name}: stop retry of resource {r.Index} due, but {(_pending is null ? "nothing" : _pending.ToString())} was pending");
        _pending = null;
    }
}

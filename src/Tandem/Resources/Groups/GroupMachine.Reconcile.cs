namespace Tandem.Resources.Groups;

/// <summary>
/// Moves the resources one operation at a time toward the goal: probe them all once at start-up, then start
/// left to right, stop right to left, and run due monitors when nothing else is to be done.
/// </summary>
public sealed partial class GroupMachine
{
    void Reconcile(List<GroupAction> actions)
    {
        if (_pending is not null || _halted)
            return;
        if (_probed < _resources.Length)
        {
            Issue(OperationKind.Probe, _probed, actions);
            return;
        }
        if (_maintenance || (_peer == PeerState.Unknown && _goal == Goal.Stopped && !_shutdown))
        {
            // Maintenance: stop acting, keep reporting. Unknown peer: what the probes found is left alone until
            // membership tells whether the group belongs here.
            RunDueMonitor(actions);
            return;
        }
        if (_goal == Goal.Running)
            TowardRunning(actions);
        else
            TowardStopped(actions);
    }

    void TowardRunning(List<GroupAction> actions)
    {
        var first = Array.FindIndex(_resources, r => r != ResourceState.Started);
        if (first < 0)
        {
            RunDueMonitor(actions);
            return;
        }
        // Everything right of the first resource that is not running is stopped before it is (re)started.
        var last = Array.FindLastIndex(_resources, r => r != ResourceState.Stopped);
        if (last >= first)
            Issue(OperationKind.Stop, last, actions);
        else
            Issue(OperationKind.Start, first, actions);
    }

    void TowardStopped(List<GroupAction> actions)
    {
        var last = Array.FindLastIndex(_resources, r => r != ResourceState.Stopped);
        if (last >= 0)
        {
            Issue(OperationKind.Stop, last, actions);
            return;
        }
        if (!_offerWhenStopped)
            return;
        _offerWhenStopped = false;
        if (_peer == PeerState.Alive)
        {
            actions.Add(new GroupAction.OfferToPeer());
            Event(actions, GroupEventKind.Info, $"stopped on {_p.Node}; offered to {_p.Peer}");
        }
        else if (_cannotRunHere is not null && !_shutdown)
        {
            _failure = $"{_cannotRunHere}, and the peer is {_peer.ToString().ToLowerInvariant()}";
            Event(actions, GroupEventKind.Info, $"stopped on {_p.Node}, and the peer is {_peer.ToString().ToLowerInvariant()}: the group runs nowhere");
        }
    }

    void RunDueMonitor(List<GroupAction> actions)
    {
        var i = Array.FindIndex(_monitorDue, d => d);
        if (i >= 0)
            Issue(OperationKind.Monitor, i, actions);
    }

    void Issue(OperationKind kind, int i, List<GroupAction> actions)
    {
        if (kind is OperationKind.Start or OperationKind.Stop)
        {
            _generation[i]++;
            SetResource(i, kind == OperationKind.Start ? ResourceState.Starting : ResourceState.Stopping, actions);
        }
        _monitorDue[i] = false;
        _pending = new Pending(kind, i, _generation[i]);
        actions.Add(new GroupAction.Run(kind, i, _generation[i]));
    }

    void ScheduleMonitor(int i, List<GroupAction> actions) =>
        actions.Add(new GroupAction.Schedule(new GroupInput.MonitorDue(i, _generation[i]), _p.MonitorIntervalOf(i)));
}

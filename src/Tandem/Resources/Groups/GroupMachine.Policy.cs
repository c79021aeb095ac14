namespace Tandem.Resources.Groups;

/// <summary>
/// Where the group should run: membership (peer death, a node joining, auto_failback), the peer's requests and
/// the operator's commands only set the goal; <see cref="Reconcile"/> carries it out.
/// </summary>
public sealed partial class GroupMachine
{
    string PeerName => _p.Peer ?? "the peer";

    void PeerChanged(GroupInput.PeerChanged p, List<GroupAction> actions)
    {
        var old = _peer;
        var heldBefore = PeerHolds;
        _peer = p.State;
        _peerGroup = p.State == PeerState.Alive ? p.PeerGroup : null;
        if (PeerHolds && !_halted)
            _failure = null;
        if (p.State != PeerState.Alive)
            _failbackDue = false;
        if (p.State == PeerState.Dead && old != PeerState.Dead)
            PeerDied(heldBefore, actions);
        else if (p.State == PeerState.Alive)
            PeerAlive(joined: old != PeerState.Alive, p.PeerDataNotReady, actions);
    }

    void PeerDied(bool heldBefore, List<GroupAction> actions)
    {
        _awaitingRelease = false;
        if (_goal == Goal.Running)
            return;
        if (CannotRunHere is { } why)
        {
            if (!_halted && _cannotRunHere is not null && AllStopped)
                _failure = $"{_cannotRunHere}, and {PeerName} is dead";
            Event(actions, GroupEventKind.Info, $"{PeerName} is dead, but the group cannot run here: {why}");
            return;
        }
        _goal = Goal.Running;
        _offerWhenStopped = false;
        _failure = null;
        Event(actions, heldBefore ? GroupEventKind.Failover : GroupEventKind.Info,
            heldBefore ? $"{PeerName} is dead; taking the group over" : $"{PeerName} is dead or not up; starting the group here");
    }

    void PeerAlive(bool joined, string? peerDataNotReady, List<GroupAction> actions)
    {
        if (_awaitingRelease && !PeerHolds)
        {
            _awaitingRelease = false;
            if (CannotRunHere is null)
            {
                _goal = Goal.Running;
                Event(actions, GroupEventKind.Handover, $"{PeerName} released the group; starting it here");
            }
        }
        if (joined)
            PeerJoined(peerDataNotReady, actions);
        else if (_failbackDue)
            Failback(peerDataNotReady, actions);
        if (_goal == Goal.Running && !IsOwner && _peerGroup is GroupState.Started or GroupState.Starting)
        {
            _goal = Goal.Stopped;
            Event(actions, GroupEventKind.Failover, $"the group runs on both nodes; stopping it here, {_p.Owner} keeps it");
        }
    }

    /// <summary>The peer came up (or back): failback to it, or start here if we own the group and nobody runs it.</summary>
    void PeerJoined(string? peerDataNotReady, List<GroupAction> actions)
    {
        if (_goal == Goal.Running && _p.AutoFailback && _p.Preferred is not null && _p.Preferred == _p.Peer)
        {
            _failbackDue = true;
            _failbackWait = null;
            Failback(peerDataNotReady, actions);
            return;
        }
        if (_goal != Goal.Stopped || PeerHolds || _awaitingRelease)
            return;
        if (CannotRunHere is null && IsOwner)
        {
            _goal = Goal.Running;
            Event(actions, GroupEventKind.Info, $"starting the group on {_p.Node}, {(_p.Preferred == _p.Node ? "its preferred node" : "the first node by name")}");
        }
        else if (_cannotRunHere is not null && !_halted && AllStopped && _pending is null)
        {
            actions.Add(new GroupAction.OfferToPeer());
            Event(actions, GroupEventKind.Failover, $"offering the group to {PeerName}, which is back; it cannot run here ({_cannotRunHere})");
        }
    }

    void PeerOffered(List<GroupAction> actions)
    {
        if (_goal == Goal.Running)
            return;
        if (CannotRunHere is { } why)
        {
            if (!_halted && AllStopped)
                _failure = $"{_cannotRunHere ?? why}; {PeerName} could not run it either";
            Event(actions, GroupEventKind.Info, $"{PeerName} offered the group, but it cannot run here: {why}");
            return;
        }
        _awaitingRelease = false;
        _goal = Goal.Running;
        _failure = null;
        Event(actions, GroupEventKind.Handover, $"{PeerName} handed the group over; starting it on {_p.Node}");
    }

    void PeerAskedRelease(List<GroupAction> actions)
    {
        if (_halted)
        {
            Event(actions, GroupEventKind.Info, $"{PeerName} asked for the group, but it failed here and needs cleanup ({_failure})");
            return;
        }
        _awaitingRelease = false;
        _failbackDue = false;
        if (_goal == Goal.Running)
        {
            _goal = Goal.Stopped;
            _recovering = false;
            Event(actions, GroupEventKind.Handover, $"{PeerName} asked for the group; stopping it here");
        }
        _offerWhenStopped = true;
    }

    string? Standby(List<GroupAction> actions)
    {
        if (_peer != PeerState.Alive)
            return $"{PeerName} is not alive; there is nobody to hand group {_p.Name} to";
        if (_shutdown)
            return "this node is shutting down";
        ClearFailure();
        _awaitingRelease = false;
        _recovering = false;
        _failbackDue = false;
        var wasRunning = _goal == Goal.Running || !AllStopped;
        _goal = Goal.Stopped;
        _offerWhenStopped = wasRunning || !PeerHolds;
        if (wasRunning)
            Event(actions, GroupEventKind.Handover, $"standby: handing the group to {PeerName}");
        return null;
    }

    string? Takeover(GroupInput.Takeover t, List<GroupAction> actions)
    {
        if (_shutdown)
            return "this node is shutting down";
        if (_goal != Goal.Running && t.LocalDataNotReady is { } notReady && !t.Force)
            return $"the data of group {_p.Name} is not UpToDate on {_p.Node} ({notReady}); wait until its resync is done (tandem status), or run tandem cluster takeover --force to run it on this data anyway";
        ClearFailure();
        _cannotRunHere = null;
        if (_goal == Goal.Running)
            return null;
        _offerWhenStopped = false;
        if (PeerHolds)
        {
            _awaitingRelease = true;
            actions.Add(new GroupAction.AskPeerToRelease());
            Event(actions, GroupEventKind.Handover, $"takeover: asking {PeerName} to release the group");
            return null;
        }
        _goal = Goal.Running;
        Event(actions, GroupEventKind.Handover, $"takeover: starting the group on {_p.Node}");
        return null;
    }

    /// <summary>An operator has looked at the failure: stops are tried again from scratch.</summary>
    void ClearFailure()
    {
        _halted = false;
        _failure = null;
        Array.Clear(_stopFailures);
    }

    void SetMaintenance(bool on, List<GroupAction> actions)
    {
        if (on == _maintenance)
            return;
        _maintenance = on;
        Event(actions, GroupEventKind.Info, on
            ? "maintenance mode: no starts, stops or failovers until it is turned off; monitors keep reporting"
            : "maintenance mode off: acting on the current state");
        if (!on)
            for (var i = 0; i < _resources.Length; i++)
                _monitorDue[i] = _resources[i] == ResourceState.Started;
    }

    void Shutdown()
    {
        _shutdown = true;
        _awaitingRelease = false;
        _failbackDue = false;
        _recovering = false;
        _goal = Goal.Stopped;
        _offerWhenStopped = true;
    }
}

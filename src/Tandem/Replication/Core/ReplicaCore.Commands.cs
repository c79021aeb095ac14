using Tandem.Metadata;
using Tandem.Volume;

namespace Tandem.Replication.Core;

/// <summary>The outcome of an operator command: done (maybe with nothing to do) or refused with a reason.</summary>
public readonly record struct CommandOutcome(bool Ok, string Message, IReadOnlyList<ReplicaAction> Actions);

// Operator commands. Each returns a refusal with what to do, or the actions to carry out.
public sealed partial class ReplicaCore
{
    public CommandOutcome Promote(bool force, TimeSpan now)
    {
        _now = now;
        if (_state.Role == Role.Primary)
            return Done($"{_s.Volume} is already Primary");
        if (_state.Connection is ConnectionState.SyncTarget or ConnectionState.WFBitMapT)
            return Refused($"{_s.Volume} is receiving a resync (local data Inconsistent); wait for it to finish (tandem volume status {_s.Volume})");
        if (Handshaking)
            return Refused($"{_s.Volume} is connecting to its peer; retry in a moment");
        // Consistent or Outdated data is a real generation of this volume even when forced: it goes on from there, so a
        // peer still at that generation gets only what changed (a bitmap resync), not a full one.
        bool wasConsistent = _state.Disk is DiskState.UpToDate or DiskState.Consistent or DiskState.Outdated;
        var t = Apply(new VolumeInput.Promote(force), "primary");
        if (t.Refused)
            return Refused(t.Refusal!);
        bool peerFollows = Replicating && _state.PeerDisk == DiskState.UpToDate;
        if (!wasConsistent)
        {
            // Forced over data that was not consistent: a new history starts here.
            _uuids = new GenerationUuids(NewUuid(), 0, _uuids.Current, _uuids.History0);
            _flags &= ~MetadataFlags.LostPeerAsPrimary;
        }
        else if (!peerFollows)
        {
            // Promoted apart from the peer: this node was Secondary when they lost each other, unless it went down
            // as Primary (a crash) and has not met the peer since.
            StartGeneration(wasPrimary: _flags.HasFlag(MetadataFlags.CrashedPrimary));
        }
        _flags = (_flags | MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.PrimaryInd) & ~MetadataFlags.FullSync;
        Persist();
        if (Established)
        {
            if (!peerFollows && _state.Connection == ConnectionState.Connected)
                SetConnection(ConnectionState.WFReportParams, "new data generation while connected");
            SendStateReport();
        }
        return Done($"{_s.Volume} is Primary");
    }

    public CommandOutcome Demote(string? holder, TimeSpan now)
    {
        _now = now;
        if (_state.Role != Role.Primary)
            return Done($"{_s.Volume} is already Secondary");
        if (_transferLog.Count > 0 || _localInflight.Count > 0 || _flushesWaiting.Count > 0)
            holder ??= "writes still in flight";
        var t = Apply(new VolumeInput.Demote(holder), "secondary");
        if (t.Refused)
            return Refused(t.Refusal!);
        _flags &= ~MetadataFlags.PrimaryInd;
        Persist();
        if (Established)
            SendStateReport();
        return Done($"{_s.Volume} is Secondary");
    }

    /// <summary>Take the volume down: refused while Primary; the connection is closed first.</summary>
    public CommandOutcome Detach(TimeSpan now)
    {
        _now = now;
        if (!_state.Up)
            return Done($"{_s.Volume} is already down");
        if (_state.Role == Role.Primary)
            return Refused($"{_s.Volume} is Primary; demote it first: tandem volume secondary {_s.Volume}");
        if (Established)
        {
            // The peer hears first that this copy leaves (DRBD: disk Diskless before the disconnect). A detached copy
            // comes back Consistent and is never promoted on its own, so a Primary there has nothing to fence.
            SetDisk(DiskState.Diskless, "going down");
            SendStateReport();
            Drop("the volume is going down");
        }
        else if (_s.HasPeer)
            Emit(new ReplicaAction.Link(false, "down"));
        Persist();
        Apply(new VolumeInput.Detach(), "down");
        return Done($"{_s.Volume} is down");
    }

    public CommandOutcome Connect(bool discardMyData, TimeSpan now)
    {
        _now = now;
        if (!_s.HasPeer)
            return Refused($"{_s.Volume} has no peer configured");
        if (discardMyData && _state.Role == Role.Primary)
            return Refused($"{_s.Volume} is Primary here; a Primary cannot discard its data. Demote it first: tandem volume secondary {_s.Volume}");
        if (_state.Connection != ConnectionState.StandAlone)
            return Done($"{_s.Volume} is already {_state.Connection}");
        _discardMyData = discardMyData;
        _standAloneReason = null;
        SetConnection(ConnectionState.Connecting, discardMyData ? "connect, discarding this node's data" : "connect");
        Emit(new ReplicaAction.Link(true, "connect"));
        return Done($"{_s.Volume} is connecting");
    }

    public CommandOutcome Disconnect(TimeSpan now)
    {
        _now = now;
        if (_state.Connection == ConnectionState.StandAlone)
            return Done($"{_s.Volume} is already StandAlone");
        if (Established)
            Drop("disconnected by the operator");
        else
        {
            _standAloneReason = "disconnected by the operator";
            Emit(new ReplicaAction.Link(false, "disconnect"));
            SetConnection(ConnectionState.StandAlone, "disconnect");
        }
        _splitBrain = false;
        return Done($"{_s.Volume} is StandAlone");
    }

    public CommandOutcome Verify(TimeSpan now)
    {
        _now = now;
        if (_state.Connection != ConnectionState.Connected)
            return Refused($"{_s.Volume} is {_state.Connection}; verify needs a Connected volume with no resync running");
        if (_state.Disk != DiskState.UpToDate || _state.PeerDisk != DiskState.UpToDate)
            return Refused($"{_s.Volume}: verify needs UpToDate data on both nodes ({_state.Disk}/{_state.PeerDisk})");
        StartVerify();
        return Done($"{_s.Volume}: online verify started; follow it with tandem volume status {_s.Volume}");
    }

    /// <summary>Throw away the local data: everything is resynced from the peer at the next connect.</summary>
    public CommandOutcome Invalidate(TimeSpan now)
    {
        _now = now;
        if (_state.Role == Role.Primary)
            return Refused($"{_s.Volume} is Primary; demote it before invalidating its data");
        if (_state.Connection is ConnectionState.SyncSource or ConnectionState.SyncTarget)
            return Refused($"{_s.Volume} is resyncing; wait for it to finish");
        _bitmap.SetRange(0, _s.SizeBytes);
        _flags = (_flags & ~(MetadataFlags.Consistent | MetadataFlags.WasUpToDate)) | MetadataFlags.FullSync;
        Persist();
        SetDisk(DiskState.Inconsistent, "invalidated by the operator");
        if (Established)
        {
            // Reconnect so that both sides decide again: the peer's UpToDate copy flows here.
            ConnectionGone("invalidated; reconnecting for a full resync", ConnectionState.Connecting);
            Send(new Protocol.Goodbye("invalidated; reconnecting"));
            Emit(new ReplicaAction.Link(false, "invalidate"));
            Emit(new ReplicaAction.Link(true, "invalidate"));
        }
        return Done($"{_s.Volume}: local data invalidated; it is resynced from the peer");
    }

    CommandOutcome Done(string message)
    {
        UpdateFence();
        ReleaseSuspended();
        return new(true, message, Take());
    }

    CommandOutcome Refused(string reason) => new(false, reason, Take());
}

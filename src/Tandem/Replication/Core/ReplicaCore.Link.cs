using Tandem.Metadata;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Losing the peer: nothing in flight is lost track of. Writes the peer had not confirmed durably are
// marked out of sync, a Primary starts a new data generation, and the link tries again (Connecting)
// unless the connection was given up on purpose (StandAlone).
public sealed partial class ReplicaCore
{
    readonly HashSet<ulong> _orphanIos = [];

    void OnPeerLost(string reason)
    {
        if (!Established)
            return;
        ConnectionGone(reason, ConnectionState.Connecting);
    }

    void ConnectionGone(string reason, ConnectionState next)
    {
        FenceOnConnectionLoss(reason);
        bool wasEstablished = Established;
        bool wasSyncing = _state.Connection is ConnectionState.SyncSource or ConnectionState.SyncTarget or ConnectionState.WFBitMapS or ConnectionState.WFBitMapT;
        bool peerHadData = _state.PeerDisk is DiskState.UpToDate or DiskState.Inconsistent;

        // The Primary's writes: whatever the peer has not durably confirmed is out of sync.
        foreach (var pw in _transferLog.ToArray())
        {
            MarkPeerOutOfSync(pw);
            Progress(pw);
        }
        foreach (var f in _flushesWaiting)
            f.WaitEpoch = 0;
        CompleteFlushes();
        FailPeerReads();

        // The receiving side and resync/verify bookkeeping.
        ResetReceiver();
        _resyncInFlight.Clear();
        _sourceParked.Clear();
        _verifyInFlight.Clear();
        if (_finishFlushIo != 0)
            _orphanIos.Add(_finishFlushIo);
        _finishFlushIo = 0;
        _peerReport = null;

        SetConnection(next, reason);
        if (wasEstablished)
            Emit(new ReplicaAction.Notice($"{_s.Volume}: connection to the peer lost: {reason}"));

        // The Primary goes on alone: its data is now newer than the peer's.
        if (_state.Role == Role.Primary && LocalDiskUsable && (peerHadData || wasSyncing))
            NewDataGeneration();
        else if (wasEstablished)
            Persist(); // the bitmap with whatever was marked
        ReleaseParked();
        ReleaseCongested();
    }
}

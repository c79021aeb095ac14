using Tandem.Config;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Reads: from the local disk, or from the peer's when the local disk was detached after an error
// (on_io_error = "detach": a Diskless Primary keeps serving through its peer).
public sealed partial class ReplicaCore
{
    readonly Dictionary<ulong, ReplicaInput.AppRead> _readsByIo = [];
    readonly Dictionary<ulong, ReplicaInput.AppRead> _peerReads = [];
    ulong _nextReadId;

    void OnAppRead(ReplicaInput.AppRead r)
    {
        if (_state.Role != Role.Primary)
        {
            Emit(new ReplicaAction.Complete(r.Req, Storage.Errno.EPERM));
            return;
        }
        if (LocalDiskUsable)
        {
            ulong io = NextIo();
            _readsByIo[io] = r;
            Emit(new ReplicaAction.DiskRead(io, r.Offset, r.Length));
        }
        else
        {
            ReadFromPeer(r);
        }
    }

    void ReadFromPeer(ReplicaInput.AppRead r)
    {
        if (!Replicating || _state.PeerDisk != DiskState.UpToDate)
        {
            Emit(new ReplicaAction.Complete(r.Req, Storage.Errno.EIO));
            return;
        }
        ulong id = ++_nextReadId;
        _peerReads[id] = r;
        Send(new ReadRequest(id, r.Offset, r.Length));
    }

    void OnLocalReadDone(ReplicaInput.AppRead r, ReplicaInput.DiskDone d)
    {
        if (d.Ok)
        {
            Emit(new ReplicaAction.CompleteRead(r.Req, d.Data));
            return;
        }
        LocalDiskFailed("a read failed");
        ReadFromPeer(r);
    }

    void OnPeerReadReply(ReadReply r)
    {
        if (!_peerReads.Remove(r.Id, out var req))
            return;
        if (r.Ok)
            Emit(new ReplicaAction.CompleteRead(req.Req, r.Data));
        else
            Emit(new ReplicaAction.Complete(req.Req, Storage.Errno.EIO));
    }

    void FailPeerReads()
    {
        foreach (var r in _peerReads.Values)
            Emit(new ReplicaAction.Complete(r.Req, Storage.Errno.EIO));
        _peerReads.Clear();
    }

    /// <summary>
    /// The backing disk returned an error. With on_io_error = "detach" the replica drops its disk and
    /// goes on through the peer (Diskless); with "pass_on" the error goes to the application and the
    /// disk stays (Failed, which also stops further writes to it).
    /// </summary>
    void LocalDiskFailed(string what)
    {
        if (!LocalDiskUsable)
            return;
        var next = _s.OnIoError == OnIoError.Detach ? DiskState.Diskless : DiskState.Failed;
        SetDisk(next, $"local disk error: {what}");
        Emit(new ReplicaAction.Notice($"{_s.Volume}: local disk error ({what}); disk is now {next}" +
            (Replicating ? ", I/O continues through the peer" : ", no peer to continue through")));
        if (Established)
            SendStateReport();
    }
}

using Tandem.Replication.Core;

namespace Tandem.Volume;

// The volume's end of fencing over heartbeat: requests and answers from the peer reach the replica that is up,
// and a volume that is down answers for itself (no data attached: nothing here can be promoted).
public sealed partial class VolumeRuntime
{
    /// <summary>The heartbeat path to the peer; set before the volume comes up.</summary>
    public IPeerFence? Fence { get; set; }

    public void OutdateRequested(ulong token)
    {
        var host = _host;
        if (host is null)
            Fence?.AnswerOutdate(name, token, OutdateResult.Diskless);
        else
            host.OutdateRequested(token);
    }

    public void OutdateAnswered(ulong token, OutdateResult result) => _host?.OutdateAnswered(token, result);

    public void PeerNodeChanged(bool dead) => _host?.PeerNodeChanged(dead);
}

namespace Tandem.Replication.Link;

public sealed partial class ReplicationLink
{
    /// <summary>One log line per refused handshake, with its own event id per kind.</summary>
    private void LogRefusal(LinkConnection c, HandshakeStep step)
    {
        string volume = _settings.Volume;
        string reason = step.Reason ?? "";
        switch (step.Refusal)
        {
            case HandshakeRefusal.AuthFailed:
                ReplicationLinkLog.AuthFailed(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.Reflection:
                ReplicationLinkLog.Reflection(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.WrongNode:
                ReplicationLinkLog.WrongNode(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.Incompatible:
                ReplicationLinkLog.Incompatible(_log, volume, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.Version:
                ReplicationLinkLog.VersionMismatch(_log, volume, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.PeerRefused:
                ReplicationLinkLog.PeerRefused(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
            case HandshakeRefusal.Rejected:
                ReplicationLinkLog.Rejected(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
            default:
                ReplicationLinkLog.Violation(_log, volume, c.Id, c.RemoteEndPoint, reason);
                break;
        }
    }
}

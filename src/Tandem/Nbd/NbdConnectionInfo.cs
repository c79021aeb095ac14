namespace Tandem.Nbd;

/// <summary>A snapshot of one open NBD connection.</summary>
/// <param name="Transport">"unix" or "tcp ADDRESS:PORT".</param>
/// <param name="ExportName">Null while the client is still negotiating.</param>
public sealed record NbdConnectionInfo(
    long Id,
    string Transport,
    NbdPeerCredentials? Peer,
    string? ExportName,
    DateTimeOffset ConnectedAt)
{
    /// <summary>For messages such as "held open by NBD client pid 1234 (qemu-io)".</summary>
    public string Describe() => Peer is { } peer
        ? $"NBD client pid {peer.ProcessId} ({peer.ProcessName ?? "exited"})"
        : $"NBD client {Transport}";
}

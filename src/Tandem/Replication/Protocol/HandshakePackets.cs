using Tandem.Config;

namespace Tandem.Replication.Protocol;

/// <summary>Optional capabilities announced in <see cref="Hello"/>; none is required yet.</summary>
[Flags]
public enum LinkFeatures : ulong
{
    None = 0,
}

/// <summary>
/// First frame in each direction of a new connection: who the sender is, the settings both nodes must agree
/// on, and a fresh random challenge the peer must answer with an <see cref="AuthResponse"/>.
/// <paramref name="DataSize"/> is the volume's data region in bytes.
/// </summary>
public sealed record Hello(
    ushort Version,
    LinkFeatures Features,
    string Cluster,
    string Volume,
    string Node,
    ReplicationProtocol Protocol,
    long DataSize,
    AfterSb0Pri AfterSb0Pri,
    AfterSb1Pri AfterSb1Pri,
    AfterSb2Pri AfterSb2Pri,
    FencingPolicy Fencing,
    ReadOnlyMemory<byte> Challenge) : ReplicationPacket;

/// <summary>HMAC-SHA256 with the cluster key over the peer's challenge and our own Hello (see LinkAuth).</summary>
public sealed record AuthResponse(ReadOnlyMemory<byte> Mac) : ReplicationPacket;

/// <summary>Sent by the node with the lower name only: this connection is the one both keep; data may flow.</summary>
public sealed record Welcome : ReplicationPacket;

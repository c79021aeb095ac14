using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>
/// Challenge–response authentication with the cluster key. The response to a challenge is
/// <c>HMAC-SHA256(key, "tandem replication auth v1" || challenge || responder's Hello frame)</c>: it binds the answer
/// to the verifier's fresh challenge and to everything the responder said about itself (node name, cluster, volume,
/// settings, its own challenge), so it cannot be replayed, reflected to another connection or reused by a node
/// claiming another name. Verification compares in constant time.
/// </summary>
public static class LinkAuth
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("tandem replication auth v1");

    public static byte[] Respond(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, Hello responder)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        writer.Write(Domain);
        writer.Write(challenge);
        ReplicationCodec.Write(writer, responder);
        return HMACSHA256.HashData(key, writer.WrittenSpan);
    }

    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, Hello responder, ReadOnlySpan<byte> mac) =>
        CryptographicOperations.FixedTimeEquals(Respond(key, challenge, responder), mac);
}

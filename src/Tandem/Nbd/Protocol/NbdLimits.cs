namespace Tandem.Nbd.Protocol;

/// <summary>Bounds applied to every length field before anything is allocated.</summary>
public static class NbdLimits
{
    /// <summary>Largest option data a server accepts during the handshake (options are small: names and info lists).</summary>
    public const int MaxOptionLength = 64 * 1024;

    /// <summary>Largest option reply data a client accepts.</summary>
    public const int MaxOptionReplyLength = 64 * 1024;

    /// <summary>proto.md "Conventions": strings MUST be no longer than 4096 bytes.</summary>
    public const int MaxStringLength = 4096;

    /// <summary>
    /// Largest READ/WRITE payload (2^25). proto.md "Size constraints": payloads up to 2^25 SHOULD NOT
    /// be considered a denial of service; larger ones may end the session.
    /// </summary>
    public const int MaxPayloadLength = 32 * 1024 * 1024;

    /// <summary>Minimum block size advertised through NBD_INFO_BLOCK_SIZE (byte granular).</summary>
    public const uint MinimumBlockSize = 1;

    /// <summary>Preferred block size advertised through NBD_INFO_BLOCK_SIZE.</summary>
    public const uint PreferredBlockSize = 4096;
}

namespace Tandem.Heartbeat.Protocol;

/// <summary>Sizes of the heartbeat frame (see <see cref="HeartbeatCodec"/> for the layout).</summary>
public static class HeartbeatLimits
{
    /// <summary>"TDHB" read as a big-endian 32-bit number.</summary>
    public const uint Magic = 0x5444_4842;

    public const byte Version = 1;

    /// <summary>magic 4, version 1, type 1, reserved 2, generation 8, sequence 8, link 1, three lengths 1+1+2.</summary>
    public const int HeaderBytes = 29;

    /// <summary>The cluster name in UTF-8 (the config allows any string; one length byte bounds it).</summary>
    public const int MaxClusterBytes = 255;

    /// <summary>Node names follow the config rule: 1 to 64 letters, digits, '.', '-' or '_'.</summary>
    public const int MaxNodeNameBytes = 64;

    /// <summary>Largest opaque payload (the node's summary of groups and volumes).</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>HMAC-SHA256.</summary>
    public const int MacBytes = 32;

    /// <summary>Links are numbered by their position in <c>heartbeat = [...]</c>.</summary>
    public const int MaxLinks = 16;

    public const int MaxFrameBytes = HeaderBytes + MaxClusterBytes + MaxNodeNameBytes + MaxPayloadBytes + MacBytes;
}

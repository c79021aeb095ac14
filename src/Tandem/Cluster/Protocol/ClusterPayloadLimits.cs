using Tandem.Heartbeat.Protocol;

namespace Tandem.Cluster.Protocol;

/// <summary>Bounds of <see cref="ClusterPayload"/>; the whole payload fits in one heartbeat.</summary>
public static class ClusterPayloadLimits
{
    /// <summary>"TDCP" read as a big-endian 32-bit number.</summary>
    public const uint Magic = 0x5444_4350;

    /// <summary>The version written when no request needs a later one; every reader reads it.</summary>
    public const byte Version = 1;

    /// <summary>The version that adds outdate requests and answers (fencing); written only when one is in the payload.</summary>
    public const byte FencingVersion = 2;

    /// <summary>The version that adds the sender's volume reports (after the requests); written only when there are any.</summary>
    public const byte VolumesVersion = 3;

    /// <summary>Volume reports in one payload.</summary>
    public const int MaxVolumes = 32;

    /// <summary>Bytes of a volume report besides its name: name length 1, disk 1, connection 1, sync per mille 2.</summary>
    public const int VolumeReportBytes = 5;

    /// <summary>Bytes after the name of an outdate request (token 8) and of an answer (token 8, result 1).</summary>
    public const int OutdateExtraBytes = 8, OutdateAnswerExtraBytes = 9;

    /// <summary>magic 4, version 1, reserved 3, incarnation 8, sequence 8, ack incarnation 8, ack sequence 8, two counts 1+1.</summary>
    public const int HeaderBytes = 42;

    public const int MaxGroups = 64;

    public const int MaxRequests = 32;

    /// <summary>A group name in UTF-8 (one length byte).</summary>
    public const int MaxGroupNameBytes = 255;

    /// <summary>The heartbeat's payload limit.</summary>
    public const int MaxBytes = HeartbeatLimits.MaxPayloadBytes;
}

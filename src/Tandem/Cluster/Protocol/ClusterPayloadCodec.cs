using System.Buffers.Binary;
using System.Text;
using Tandem.Replication.Core;
using Tandem.Resources.Groups;

namespace Tandem.Cluster.Protocol;

/// <summary>
/// The bytes of a <see cref="ClusterPayload"/>, carried opaque (and authenticated) in every heartbeat.
/// Big-endian, version 1, 2 or 3:
/// <code>
///  0  4  magic "TDCP"
///  4  1  version (1; 2 when an outdate request or answer is in the payload)
///  5  3  reserved, zero
///  8  8  incarnation          16  8  sequence
/// 24  8  ack incarnation      32  8  ack sequence
/// 40  1  group count (≤ 64)   41  1  request count (≤ 32)
/// 42     groups:   name length 1 (1..255), name UTF-8, state 1 (GroupState)
///        requests: sequence 8 (> 0, increasing), kind 1, name length 1, name UTF-8
///                  (a name for offer/release, none for maintenance)
///        version 2 adds two request kinds, each naming a volume (1..255 bytes), followed by
///                  outdate (5):        token 8 (the asker's data generation, > 0)
///                  outdate answer (6): token 8 (> 0), result 1 (OutdateResult)
///        version 3 (also carries version 2's requests) adds, after the requests:
///                  volume count 1 (1..32), then per volume: name length 1 (1..255), name UTF-8,
///                  disk 1, connection 1 (codes: VolumeReport's tables), sync per mille 2 (0..1000, 0xFFFF: none)
/// </code>
/// Version 3 is written only when the payload carries volumes. Nothing may follow the last request (version 3: the last volume). A reader that meets another version rejects the payload rather than guess;
/// a version-1 payload carries no request of kind 5 or 6.
/// </summary>
public static class ClusterPayloadCodec
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The encoded size of <paramref name="p"/>.</summary>
    public static int Size(ClusterPayload p) =>
        ClusterPayloadLimits.HeaderBytes
        + p.Groups.Sum(g => 2 + Strict.GetByteCount(g.Group))
        + p.Requests.Sum(r => 10 + Strict.GetByteCount(r.Group) + Extra(r.Kind))
        + (p.Volumes.Count == 0 ? 0 : 1 + p.Volumes.Sum(v => ClusterPayloadLimits.VolumeReportBytes + Strict.GetByteCount(v.Volume)));

    static int Extra(PeerRequestKind kind) => kind switch
    {
        PeerRequestKind.Outdate => ClusterPayloadLimits.OutdateExtraBytes,
        PeerRequestKind.OutdateAnswer => ClusterPayloadLimits.OutdateAnswerExtraBytes,
        _ => 0,
    };

    static bool NeedsName(PeerRequestKind kind) => kind is PeerRequestKind.Offer or PeerRequestKind.Release or PeerRequestKind.Outdate or PeerRequestKind.OutdateAnswer;

    /// <summary>Writes <paramref name="p"/> to the start of <paramref name="dest"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The payload breaks a limit of <see cref="ClusterPayloadLimits"/>.</exception>
    public static int Write(ClusterPayload p, Span<byte> dest)
    {
        Check(p);
        var size = Size(p);
        if (size > ClusterPayloadLimits.MaxBytes)
            throw new ArgumentException($"the cluster payload takes {size} bytes, more than the {ClusterPayloadLimits.MaxBytes} a heartbeat carries", nameof(p));
        if (dest.Length < size)
            throw new ArgumentException($"{size} bytes needed, {dest.Length} given", nameof(dest));
        BinaryPrimitives.WriteUInt32BigEndian(dest, ClusterPayloadLimits.Magic);
        dest[4] = p.Volumes.Count > 0 ? ClusterPayloadLimits.VolumesVersion
            : p.Requests.Any(r => r.IsFencing) ? ClusterPayloadLimits.FencingVersion : ClusterPayloadLimits.Version;
        dest[5..8].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(dest[8..], p.Incarnation);
        BinaryPrimitives.WriteUInt64BigEndian(dest[16..], p.Sequence);
        BinaryPrimitives.WriteUInt64BigEndian(dest[24..], p.AckIncarnation);
        BinaryPrimitives.WriteUInt64BigEndian(dest[32..], p.AckSequence);
        dest[40] = (byte)p.Groups.Count;
        dest[41] = (byte)p.Requests.Count;
        var at = ClusterPayloadLimits.HeaderBytes;
        foreach (var g in p.Groups)
        {
            at += WriteName(g.Group, dest[at..]);
            dest[at++] = (byte)g.State;
        }
        foreach (var r in p.Requests)
        {
            BinaryPrimitives.WriteUInt64BigEndian(dest[at..], r.Sequence);
            dest[at + 8] = (byte)r.Kind;
            at += 9;
            at += WriteName(r.Group, dest[at..]);
            if (r.IsFencing)
            {
                BinaryPrimitives.WriteUInt64BigEndian(dest[at..], r.Token);
                at += 8;
                if (r.Kind == PeerRequestKind.OutdateAnswer)
                    dest[at++] = (byte)r.Result;
            }
        }
        if (p.Volumes.Count > 0)
        {
            dest[at++] = (byte)p.Volumes.Count;
            foreach (var v in p.Volumes)
            {
                at += WriteName(v.Volume, dest[at..]);
                dest[at++] = (byte)Array.IndexOf(VolumeReport.DiskCodes, v.Disk);
                dest[at++] = (byte)Array.IndexOf(VolumeReport.ConnectionCodes, v.Connection);
                BinaryPrimitives.WriteUInt16BigEndian(dest[at..], v.SyncPermille);
                at += 2;
            }
        }
        return at;
    }

    public static byte[] ToArray(ClusterPayload p)
    {
        var bytes = new byte[Size(p)];
        Write(p, bytes);
        return bytes;
    }

    /// <summary>Parses a whole payload (a heartbeat carries it in one piece, so a short one is a bad one).</summary>
    /// <exception cref="ClusterPayloadException">Not a valid version-1 payload; the message says what is wrong.</exception>
    public static ClusterPayload Read(ReadOnlySpan<byte> src)
    {
        var r = new Reader(src);
        if (src.Length < ClusterPayloadLimits.HeaderBytes)
            throw new ClusterPayloadException($"payload of {src.Length} bytes is shorter than the {ClusterPayloadLimits.HeaderBytes}-byte header");
        if (r.UInt32() != ClusterPayloadLimits.Magic)
            throw new ClusterPayloadException("payload does not start with the cluster magic \"TDCP\"");
        var version = r.Byte();
        if (version is not (ClusterPayloadLimits.Version or ClusterPayloadLimits.FencingVersion or ClusterPayloadLimits.VolumesVersion))
            throw new ClusterPayloadException($"payload version {version}; this daemon reads versions {ClusterPayloadLimits.Version} to {ClusterPayloadLimits.VolumesVersion} (run the same tandem version on both nodes)");
        if (r.Byte() != 0 || r.Byte() != 0 || r.Byte() != 0)
            throw new ClusterPayloadException("reserved header bytes are not zero");
        var incarnation = r.UInt64();
        var sequence = r.UInt64();
        var ackIncarnation = r.UInt64();
        var ackSequence = r.UInt64();
        int groupCount = r.Byte(), requestCount = r.Byte();
        if (groupCount > ClusterPayloadLimits.MaxGroups)
            throw new ClusterPayloadException($"{groupCount} groups, more than {ClusterPayloadLimits.MaxGroups}");
        if (requestCount > ClusterPayloadLimits.MaxRequests)
            throw new ClusterPayloadException($"{requestCount} requests, more than {ClusterPayloadLimits.MaxRequests}");
        var groups = new List<GroupReport>(groupCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < groupCount; i++)
        {
            var name = r.Name(required: true, $"group {i}");
            var state = r.Byte();
            if (!Enum.IsDefined((GroupState)state))
                throw new ClusterPayloadException($"group {i} ({name}) has unknown state {state}");
            if (!seen.Add(name))
                throw new ClusterPayloadException($"group {name} is reported twice");
            groups.Add(new GroupReport(name, (GroupState)state));
        }
        var requests = new List<PeerRequest>(requestCount);
        ulong last = 0;
        for (var i = 0; i < requestCount; i++)
        {
            var seq = r.UInt64();
            if (seq <= last)
                throw new ClusterPayloadException($"request {i} has sequence {seq}, not above {last}");
            last = seq;
            var kind = (PeerRequestKind)r.Byte();
            if (!Enum.IsDefined(kind))
                throw new ClusterPayloadException($"request {i} has unknown kind {(byte)kind}");
            var request = new PeerRequest(seq, kind, "");
            if (request.IsFencing && version < ClusterPayloadLimits.FencingVersion)
                throw new ClusterPayloadException($"request {i} has kind {(byte)kind} ({kind}), which payload version {version} does not carry");
            var name = r.Name(required: NeedsName(kind), $"request {i}");
            if (!NeedsName(kind) && name.Length > 0)
                throw new ClusterPayloadException($"request {i} ({kind}) names a group, which it must not");
            request = request with { Group = name };
            if (request.IsFencing)
            {
                var token = r.UInt64();
                if (token == 0)
                    throw new ClusterPayloadException($"request {i} ({kind}) has token 0");
                request = request with { Token = token };
                if (kind == PeerRequestKind.OutdateAnswer)
                {
                    var result = (OutdateResult)r.Byte();
                    if (!Enum.IsDefined(result))
                        throw new ClusterPayloadException($"request {i} ({kind}) has unknown result {(byte)result}");
                    request = request with { Result = result };
                }
            }
            requests.Add(request);
        }
        var volumes = version == ClusterPayloadLimits.VolumesVersion ? ReadVolumes(ref r) : [];
        if (r.Remaining > 0)
            throw new ClusterPayloadException($"{r.Remaining} bytes after the last {(volumes.Count > 0 ? "volume" : "request")}");
        return new ClusterPayload(incarnation, sequence, groups, ackIncarnation, ackSequence, requests) { Volumes = volumes };
    }

    static List<VolumeReport> ReadVolumes(ref Reader r)
    {
        int count = r.Byte();
        if (count is 0 or > ClusterPayloadLimits.MaxVolumes)
            throw new ClusterPayloadException($"version-3 payload with {count} volumes; it carries 1 to {ClusterPayloadLimits.MaxVolumes}");
        var volumes = new List<VolumeReport>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = r.Name(required: true, $"volume {i}");
            int disk = r.Byte(), connection = r.Byte();
            var sync = r.UInt16();
            if (disk >= VolumeReport.DiskCodes.Length)
                throw new ClusterPayloadException($"volume {i} ({name}) has unknown disk state {disk}");
            if (connection >= VolumeReport.ConnectionCodes.Length)
                throw new ClusterPayloadException($"volume {i} ({name}) has unknown connection state {connection}");
            if (sync > 1000 && sync != VolumeReport.NoSync)
                throw new ClusterPayloadException($"volume {i} ({name}) has sync progress {sync} per mille, above 1000");
            if (!seen.Add(name))
                throw new ClusterPayloadException($"volume {name} is reported twice");
            volumes.Add(new VolumeReport(name, VolumeReport.DiskCodes[disk], VolumeReport.ConnectionCodes[connection], sync));
        }
        return volumes;
    }

    static void Check(ClusterPayload p)
    {
        if (p.Groups.Count > ClusterPayloadLimits.MaxGroups)
            throw new ArgumentException($"{p.Groups.Count} groups, more than {ClusterPayloadLimits.MaxGroups}", nameof(p));
        if (p.Requests.Count > ClusterPayloadLimits.MaxRequests)
            throw new ArgumentException($"{p.Requests.Count} requests, more than {ClusterPayloadLimits.MaxRequests}", nameof(p));
        foreach (var g in p.Groups)
        {
            CheckName(g.Group, required: true);
            if (!Enum.IsDefined(g.State))
                throw new ArgumentException($"group {g.Group} has no valid state", nameof(p));
        }
        ulong last = 0;
        foreach (var r in p.Requests)
        {
            if (r.Sequence <= last)
                throw new ArgumentException($"request sequences must grow from 1: {r.Sequence} after {last}", nameof(p));
            last = r.Sequence;
            if (!Enum.IsDefined(r.Kind))
                throw new ArgumentException($"request {r.Sequence} has no valid kind", nameof(p));
            CheckName(r.Group, required: NeedsName(r.Kind));
            if (!NeedsName(r.Kind) && r.Group.Length > 0)
                throw new ArgumentException($"a {r.Kind} request names no group", nameof(p));
            if (r.IsFencing && r.Token == 0)
                throw new ArgumentException($"an {r.Kind} request needs a token", nameof(p));
            if (r.Kind == PeerRequestKind.OutdateAnswer && !Enum.IsDefined(r.Result))
                throw new ArgumentException($"an outdate answer needs a valid result", nameof(p));
        }
        if (p.Volumes.Count > ClusterPayloadLimits.MaxVolumes)
            throw new ArgumentException($"{p.Volumes.Count} volumes, more than {ClusterPayloadLimits.MaxVolumes}", nameof(p));
        if (p.Volumes.Select(v => v.Volume).Distinct(StringComparer.Ordinal).Count() != p.Volumes.Count)
            throw new ArgumentException("a volume is reported twice", nameof(p));
        foreach (var v in p.Volumes)
        {
            CheckName(v.Volume, required: true);
            if (Array.IndexOf(VolumeReport.DiskCodes, v.Disk) < 0 || Array.IndexOf(VolumeReport.ConnectionCodes, v.Connection) < 0)
                throw new ArgumentException($"volume {v.Volume} has a disk or connection state the payload has no code for", nameof(p));
            if (v.SyncPermille > 1000 && v.SyncPermille != VolumeReport.NoSync)
                throw new ArgumentException($"volume {v.Volume} has sync progress {v.SyncPermille} per mille", nameof(p));
        }
    }

    static void CheckName(string name, bool required)
    {
        var n = Strict.GetByteCount(name);
        if (required && n == 0)
            throw new ArgumentException("a group name is empty");
        if (n > ClusterPayloadLimits.MaxGroupNameBytes)
            throw new ArgumentException($"group name \"{name}\" takes {n} bytes in UTF-8, more than {ClusterPayloadLimits.MaxGroupNameBytes}");
    }

    static int WriteName(string name, Span<byte> dest)
    {
        var n = Strict.GetBytes(name, dest[1..]);
        dest[0] = (byte)n;
        return 1 + n;
    }

    ref struct Reader(ReadOnlySpan<byte> src)
    {
        readonly ReadOnlySpan<byte> _src = src;
        int _at;

        public readonly int Remaining => _src.Length - _at;

        ReadOnlySpan<byte> Take(int n)
        {
            if (n > Remaining)
                throw new ClusterPayloadException($"payload ends at byte {_src.Length}, {n - Remaining} bytes short of what its counts announce");
            var s = _src.Slice(_at, n);
            _at += n;
            return s;
        }

        public byte Byte() => Take(1)[0];

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public string Name(bool required, string what)
        {
            var n = Byte();
            if (required && n == 0)
                throw new ClusterPayloadException($"{what} has an empty group name");
            try
            {
                return Strict.GetString(Take(n));
            }
            catch (DecoderFallbackException)
            {
                throw new ClusterPayloadException($"{what} has a group name that is not valid UTF-8");
            }
        }
    }
}

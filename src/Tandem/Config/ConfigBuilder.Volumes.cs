using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[volumes.RES]</c> and their <c>[volumes.RES.on.NODE]</c> parts.</summary>
sealed partial class ConfigBuilder
{
    /// <summary>Bitmap granularity; an explicit size must be a multiple of it.</summary>
    const long SizeUnit = 4096;

    IReadOnlyDictionary<string, VolumeOptions> ReadVolumes(TableReader root, IReadOnlyDictionary<string, NodeOptions> nodes)
    {
        var volumes = new OrderedDictionary<string, VolumeOptions>(StringComparer.Ordinal);
        var table = root.SubTable("volumes", "tables such as [volumes.r0]");
        if (table is null)
            return volumes;
        var all = root.Child(table, "volumes");
        foreach (var entry in table.Entries)
        {
            if (!IsValidName(entry.Key))
                diag.Error(entry.KeyPosition, all.KeyPath(entry.Key), $"volume name \"{entry.Key}\" is not valid; {NameRule} (it becomes /dev/tandem/NAME)");
            var sub = all.SubTable(entry.Key, $"a table: [volumes.{TomlFormat.KeyPart(entry.Key)}]");
            if (sub is not null)
                volumes.Add(entry.Key, ReadVolume(all.Child(sub, entry.Key), entry.Key, nodes));
        }
        all.RejectUnknown();
        CheckVolumeCollisions(all, volumes, nodes);
        return volumes;
    }

    VolumeOptions ReadVolume(TableReader r, string name, IReadOnlyDictionary<string, NodeOptions> nodes)
    {
        var size = r.Size("size", Defaults.Size, "auto");
        if (size is { } s && (s <= 0 || s % SizeUnit != 0))
            r.Error(r.Table.TryGet("size", out var e) ? e.Value : r.Table, "size",
                s <= 0 ? "must be larger than 0 (or \"auto\")" : $"{s} bytes is not a multiple of 4KiB; round it to {ByteSize.Format(s / SizeUnit * SizeUnit)}");
        var rate = r.Size("resync_rate", Defaults.ResyncRate, "unlimited");
        if (rate is <= 0)
            r.Error(r.Table.TryGet("resync_rate", out var e) ? e.Value : r.Table, "resync_rate", "must be larger than 0 (or \"unlimited\")");
        var volume = new VolumeOptions
        {
            Name = name,
            Protocol = r.Choice("protocol", Defaults.Protocol, ConfigNames.Protocols),
            Size = size,
            ResyncRate = rate,
            ChecksumResync = r.Bool("checksum_resync", Defaults.ChecksumResync),
            TcpCongestion = ReadCongestion(r),
            OnIoError = r.Choice("on_io_error", Defaults.OnIoError, ConfigNames.OnIoErrors),
            AfterSb0Pri = r.Choice("after_sb_0pri", Defaults.AfterSb0Pri, ConfigNames.AfterSb0),
            AfterSb1Pri = r.Choice("after_sb_1pri", Defaults.AfterSb1Pri, ConfigNames.AfterSb1),
            AfterSb2Pri = r.Choice("after_sb_2pri", Defaults.AfterSb2Pri, ConfigNames.AfterSb2),
            Fencing = r.Choice("fencing", Defaults.Fencing, ConfigNames.Fencings),
            On = ReadOn(r, name, nodes),
        };
        r.RejectUnknown();
        return volume;
    }

    /// <summary><c>tcp_congestion</c>: a kernel algorithm name (as in /proc/sys/net/ipv4/tcp_available_congestion_control), or "system".</summary>
    static string? ReadCongestion(TableReader r)
    {
        var value = r.Get<TomlString>("tcp_congestion", "a string in quotes");
        if (value is null)
            return Defaults.TcpCongestion;
        if (value.Value == ConfigNames.SystemCongestion)
            return null;
        // The kernel's limit is 16 bytes with the terminating NUL (TCP_CA_NAME_MAX); its names are short lowercase words.
        if (value.Value.Length is 0 or > 15 || !value.Value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            r.Error(value, "tcp_congestion",
                $"\"{value.Value}\" is not a TCP congestion control name; use one the kernel lists in /proc/sys/net/ipv4/tcp_available_congestion_control " +
                $"(such as \"{Defaults.TcpCongestion}\"), or \"{ConfigNames.SystemCongestion}\" for the host's default");
        return value.Value;
    }

    IReadOnlyDictionary<string, VolumeNodeOptions> ReadOn(TableReader r, string volume, IReadOnlyDictionary<string, NodeOptions> nodes)
    {
        var on = new OrderedDictionary<string, VolumeNodeOptions>(StringComparer.Ordinal);
        var table = r.SubTable("on", $"tables such as [volumes.{volume}.on.NODE]");
        var onReader = table is null ? null : r.Child(table, "on");
        foreach (var entry in table?.Entries ?? Enumerable.Empty<TomlEntry>())
        {
            var sub = onReader!.SubTable(entry.Key, $"a table: [{onReader.KeyPath(entry.Key)}]");
            if (!nodes.ContainsKey(entry.Key))
                diag.Error(entry.KeyPosition, onReader.KeyPath(entry.Key),
                    $"\"{entry.Key}\" is not a node in [nodes]{DidYouMean.Hint(entry.Key, nodes.Keys)} (nodes: {string.Join(", ", nodes.Keys)})");
            else if (sub is not null)
                on.Add(entry.Key, ReadVolumeNode(onReader.Child(sub, entry.Key), volume, entry.Key));
        }
        onReader?.RejectUnknown();
        foreach (var node in nodes.Keys.Where(n => !(table?.TryGet(n, out _) ?? false)))
            diag.Error(table?.Position ?? r.Position, $"{r.KeyPath("on")}.{TomlFormat.KeyPart(node)}",
                $"missing; add a [{r.KeyPath("on")}.{TomlFormat.KeyPart(node)}] section with disk and address (every volume lives on both nodes)");
        CheckAddressesDiffer(r, on);
        CheckTlsOnEveryNode(r, table, on);
        return on;
    }

    /// <summary>TLS is all or nothing: a node without a certificate could not connect to one that wants TLS.</summary>
    void CheckTlsOnEveryNode(TableReader r, TomlTable? table, IReadOnlyDictionary<string, VolumeNodeOptions> on)
    {
        var with = on.Values.Where(o => o.TlsCertificate is not null).Select(o => o.Node).ToList();
        if (with.Count == 0 || with.Count == on.Count)
            return;
        var without = on.Values.Where(o => o.TlsCertificate is null).Select(o => o.Node);
        diag.Error(table?.Position ?? r.Position, r.KeyPath("on"),
            $"tls_certificate is set for {string.Join(", ", with)} but not for {string.Join(", ", without)}; " +
            "the replication link uses TLS only when every node of the volume has a certificate: add one there, or remove it everywhere");
    }

    static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    VolumeNodeOptions ReadVolumeNode(TableReader r, string volume, string node)
    {
        var disk = r.AbsolutePath("disk", "", "add disk = \"/dev/sdXN\" (the backing block device or file)");
        var meta = r.Get<TomlString>("meta_disk", "\"internal\" or an absolute path");
        if (meta is not null && meta.Value != VolumeNodeOptions.InternalMetaDisk)
        {
            r.CheckPath(meta, "meta_disk");
            if (meta.Value == disk)
                r.Error(meta, "meta_disk", "is the same as disk; write \"internal\" to keep the metadata at the end of the disk");
        }
        var address = r.RequiredString("address", "add address = \"IP:7788\" (where this node's replication listens)");
        if (address.Length > 0 && !HostPort.TryParse(address, out _, out _, out var error))
            r.Error(r.Get<TomlString>("address", "")!, "address", error);
        var options = new VolumeNodeOptions
        {
            Node = node,
            Disk = disk,
            MetaDisk = meta?.Value ?? Defaults.MetaDisk,
            Address = address,
            NbdSocket = r.AbsolutePath("nbd_socket", Defaults.NbdSocket(volume)),
            TlsCertificate = NullIfEmpty(r.AbsolutePath("tls_certificate", "")),
            TlsKey = NullIfEmpty(r.AbsolutePath("tls_key", "")),
        };
        if ((options.TlsCertificate is null) != (options.TlsKey is null))
        {
            string given = options.TlsCertificate is null ? "tls_key" : "tls_certificate";
            string missing = options.TlsCertificate is null ? "tls_certificate" : "tls_key";
            r.Error(r.Get<TomlString>(given, "")!, given, $"is set without {missing}; TLS needs this node's certificate and its private key (set both, or neither for no TLS)");
        }
        r.RejectUnknown();
        return options;
    }
}

namespace Tandem.Config;

/// <summary><c>[volumes.RES.on.NODE]</c>: where a volume lives on one node.</summary>
public sealed record VolumeNodeOptions
{
    /// <summary>The <c>meta_disk</c> value meaning "metadata at the end of the backing disk".</summary>
    public const string InternalMetaDisk = "internal";

    public required string Node { get; init; }

    /// <summary>Backing block device or file (absolute path).</summary>
    public required string Disk { get; init; }

    /// <summary>"internal" or the absolute path of an external metadata file/device.</summary>
    public string MetaDisk { get; init; } = Defaults.MetaDisk;

    /// <summary>Replication endpoint "host:port" this node listens on.</summary>
    public required string Address { get; init; }

    /// <summary>Unix socket of the volume's NBD export (export name = volume name).</summary>
    public required string NbdSocket { get; init; }

    /// <summary>
    /// <c>tls_certificate</c>: this node's PEM certificate for the replication link, or null for no TLS. Every node
    /// of the volume has one or none does; each node needs the other's certificate file (it is pinned) but only
    /// its own key.
    /// </summary>
    public string? TlsCertificate { get; init; }

    /// <summary><c>tls_key</c>: the PEM private key of <see cref="TlsCertificate"/> (must be mode 0600).</summary>
    public string? TlsKey { get; init; }

    public bool InternalMeta => MetaDisk == InternalMetaDisk;
}

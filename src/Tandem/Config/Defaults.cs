namespace Tandem.Config;

/// <summary>
/// Every default of the config in one place. The option records initialise from these, the loader fills them in
/// for absent keys, and <c>tandem config check</c> prints them.
/// </summary>
public static class Defaults
{
    /// <summary>Config file used without <c>--config</c> and <c>TANDEM_CONFIG</c>.</summary>
    public const string ConfigPath = "/etc/tandem/tandem.toml";

    public const string ConfigEnvironmentVariable = "TANDEM_CONFIG";

    public const string NodeEnvironmentVariable = "TANDEM_NODE";

    /// <summary>Largest config file read (a real one is a few KiB).</summary>
    public const int MaxConfigBytes = 4 * 1024 * 1024;

    /// <summary>Tandem is two-node, like Heartbeat v1 + DRBD.</summary>
    public const int MaxNodes = 2;

    // [cluster]

    /// <summary><c>auth_key_file</c>: the shared heartbeat key (must be mode 0600).</summary>
    public const string AuthKeyFile = "/etc/tandem/authkey";

    /// <summary><c>keepalive</c>: interval between heartbeats.</summary>
    public static readonly TimeSpan Keepalive = TimeSpan.FromMilliseconds(500);

    /// <summary><c>warntime</c>: silence after which a late heartbeat is logged.</summary>
    public static readonly TimeSpan Warntime = TimeSpan.FromSeconds(1);

    /// <summary><c>deadtime</c>: silence after which the peer is declared dead.</summary>
    public static readonly TimeSpan Deadtime = TimeSpan.FromSeconds(3);

    /// <summary><c>initdead</c>: deadtime used right after start (networks come up slowly at boot).</summary>
    public static readonly TimeSpan Initdead = TimeSpan.FromSeconds(10);

    /// <summary><c>auto_failback</c>: groups return to their preferred node when it comes back.</summary>
    public const bool AutoFailback = false;

    /// <summary><c>heartbeat_mode</c>: unicast to the peer's endpoints.</summary>
    public const HeartbeatMode HeartbeatMode = Config.HeartbeatMode.Unicast;

    /// <summary><c>multicast_group</c>: the group used with <c>heartbeat_mode = "multicast"</c> (organisation-local scope).</summary>
    public const string MulticastGroup = "239.192.6.94";

    // [nodes.NAME]

    /// <summary><c>control_socket</c>: where the daemon listens for the <c>tandem</c> command.</summary>
    public const string ControlSocket = "/run/tandem/tandem.sock";

    // [volumes.RES]

    /// <summary><c>protocol</c>: C, a write completes once it is on both disks.</summary>
    public const ReplicationProtocol Protocol = ReplicationProtocol.C;

    /// <summary><c>size</c>: "auto" (null), the smaller of the two backing disks minus metadata.</summary>
    public static readonly long? Size = null;

    /// <summary><c>resync_rate</c>: bytes per second; "unlimited" (null).</summary>
    public static readonly long? ResyncRate = null;

    /// <summary>
    /// <c>tcp_congestion</c>: the replication link's TCP congestion control. Loss-based cubic, the kernel's own default, suits
    /// a link between two servers; a host-wide choice made for traffic to the internet (bbr, which paces every packet on
    /// a timer) costs the link CPU for nothing. "system" leaves the socket with the host's default.
    /// </summary>
    public const string TcpCongestion = "cubic";

    /// <summary><c>checksum_resync</c>: off; every dirty block travels (cheapest when the network is fast).</summary>
    public const bool ChecksumResync = false;

    /// <summary><c>on_io_error</c>.</summary>
    public const OnIoError OnIoError = Config.OnIoError.Detach;

    /// <summary><c>after_sb_0pri</c>.</summary>
    public const AfterSb0Pri AfterSb0Pri = Config.AfterSb0Pri.Disconnect;

    /// <summary><c>after_sb_1pri</c>.</summary>
    public const AfterSb1Pri AfterSb1Pri = Config.AfterSb1Pri.Disconnect;

    /// <summary><c>after_sb_2pri</c>.</summary>
    public const AfterSb2Pri AfterSb2Pri = Config.AfterSb2Pri.Disconnect;

    /// <summary><c>fencing</c>: a Primary that loses the link holds new writes until the peer is Outdated or dead.</summary>
    public const FencingPolicy Fencing = FencingPolicy.ResourceOnly;

    // [volumes.RES.on.NODE]

    /// <summary><c>meta_disk</c>: metadata at the end of the backing disk.</summary>
    public const string MetaDisk = VolumeNodeOptions.InternalMetaDisk;

    /// <summary><c>nbd_socket</c>: the NBD export of volume <paramref name="volume"/>.</summary>
    public static string NbdSocket(string volume) => $"/run/tandem/{volume}.nbd";

    // [notify]

    /// <summary><c>smtp</c>: the mail relay, host:port.</summary>
    public const string NotifySmtp = "localhost:25";

    /// <summary><c>email_from</c>: the sender of notification mails.</summary>
    public const string NotifyEmailFrom = "tandem@localhost";

    /// <summary><c>starttls</c>: TLS when the relay offers it (implicit TLS on port 465).</summary>
    public const StartTlsMode NotifyStartTls = StartTlsMode.Auto;

    /// <summary><c>timeout</c>: one notification is given up after this long (it never delays a failover).</summary>
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(10);

    // [[groups]]

    /// <summary><c>monitor_interval</c>: time between two health checks of a running resource.</summary>
    public static readonly TimeSpan MonitorInterval = TimeSpan.FromSeconds(10);

    /// <summary><c>monitor_timeout</c>: a health check that takes longer has failed (a hung service is a failed one).</summary>
    public static readonly TimeSpan MonitorTimeout = TimeSpan.FromSeconds(20);

    /// <summary><c>start_timeout</c>: a resource start that takes longer has failed.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary><c>stop_timeout</c>: a resource stop that takes longer has failed (and is retried).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary><c>max_restarts</c>: restarts in place within <see cref="RestartWindow"/> before the group moves to the peer.</summary>
    public const int MaxRestarts = 3;

    /// <summary><c>restart_window</c>: how far back restarts are counted.</summary>
    public static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(5);

    /// <summary><c>stop_retries</c>: retries of a failed stop before the group is marked failed.</summary>
    public const int StopRetries = 3;

    /// <summary>Wait before the first retry of a failed stop; it doubles with every further retry.</summary>
    public static readonly TimeSpan StopRetryDelay = TimeSpan.FromSeconds(2);
}

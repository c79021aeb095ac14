namespace Tandem.Tests.Unit.Config;

/// <summary>Config texts shared by the loader, validation and printer tests.</summary>
static class ConfigSamples
{
    /// <summary>The example of CONTRACT.md, verbatim.</summary>
    public const string Contract = """
        [cluster]
        name = "db"
        auth_key_file = "/etc/tandem/authkey"   # refused unless mode 0600 (like Heartbeat's authkeys)
        keepalive = "500ms"
        warntime  = "1s"
        deadtime  = "3s"
        initdead  = "10s"
        auto_failback = false

        [nodes.db-server-01]
        heartbeat = ["192.168.0.10:694"]                # this node's heartbeat endpoints (one per link)
        control_socket = "/run/tandem/tandem.sock"      # default; must differ per node when two run on one host

        [nodes.db-server-02]
        heartbeat = ["192.168.0.20:694"]

        [volumes.r0]
        protocol = "C"                                  # A | B | C
        size = "auto"                                   # or an explicit size like "30GiB"

        [volumes.r0.on.db-server-01]
        disk = "/dev/sda5"                              # block device or file
        meta_disk = "internal"                          # or a path (external metadata)
        address = "192.168.0.10:7788"                   # replication endpoint
        nbd_socket = "/run/tandem/r0.nbd"               # NBD export (export name = volume name)

        [volumes.r0.on.db-server-02]
        disk = "/dev/sda5"
        meta_disk = "internal"
        address = "192.168.0.20:7788"
        nbd_socket = "/run/tandem/r0.nbd"

        [[groups]]
        name = "mysql"
        preferred = "db-server-01"
        resources = [                                   # started left to right, stopped right to left
          "IPaddr::192.168.0.88/24/eth1",
          "volume::r0",
          "Filesystem::/dev/tandem/r0::/data::ext4",
          "mysql::/etc/mysql/my.cnf",
        ]
        """;

    /// <summary>The smallest valid two-node config with one volume; line numbers are stable for the tests:
    /// 1 [cluster], 2 name, 4 [nodes.a], 5 heartbeat, 7 [nodes.b], 8 heartbeat, 10 [volumes.r0],
    /// 12 [volumes.r0.on.a], 13 disk, 14 address, 16 [volumes.r0.on.b], 17 disk, 18 address.</summary>
    public const string Minimal = """
        [cluster]
        name = "t"

        [nodes.a]
        heartbeat = ["10.0.0.1:694"]

        [nodes.b]
        heartbeat = ["10.0.0.2:694"]

        [volumes.r0]

        [volumes.r0.on.a]
        disk = "/dev/vdb"
        address = "10.0.0.1:7788"

        [volumes.r0.on.b]
        disk = "/dev/vdb"
        address = "10.0.0.2:7788"
        """;
}

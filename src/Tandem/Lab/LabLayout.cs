namespace Tandem.Lab;

/// <summary>
/// The files of one lab under its directory. Each node has <c>nodes/NODE/</c> (backing file, control socket,
/// NBD socket, logs, my.cnf, run/ and mnt/). Inside a node's own mount namespace that directory is also seen
/// at <see cref="NodeView"/> (a bind mount), so resource strings that must be identical on both nodes
/// (<c>mysql::DIR/node/my.cnf</c>, the Filesystem mount point) reach each node's own files.
/// </summary>
public sealed record LabLayout(LabNames Names)
{
    public const string Volume = "r0";
    public const string Group = "mysql";
    public const string Database = "lab";
    public const string Table = "commits";
    public const string ClientUser = "lab";
    public const string ClientPassword = "lab";
    public const long BackingBytes = 320L << 20;

    public string Dir => Names.Dir;
    public string ConfigPath => Path.Combine(Dir, "tandem.toml");
    /// <summary>The same cluster without the group: used to prepare the volume before any resource runs.</summary>
    public string BootstrapConfigPath => Path.Combine(Dir, "bootstrap.toml");
    public string AuthKey => Path.Combine(Dir, "authkey");
    public string NodeView => Path.Combine(Dir, "node");
    public string ClientDir => Path.Combine(Dir, "client");
    public string CommitLog => Path.Combine(ClientDir, "commits.log");
    public string ClientLog => Path.Combine(ClientDir, "client.log");

    public string NodeDir(LabNodeId n) => Path.Combine(Dir, "nodes", n.Name);
    public string Backing(LabNodeId n) => Path.Combine(NodeDir(n), Volume + ".img");
    public string ControlSocket(LabNodeId n) => Path.Combine(NodeDir(n), "tandem.sock");
    public string NbdSocket(LabNodeId n) => Path.Combine(NodeDir(n), Volume + ".nbd");
    public string DaemonLog(LabNodeId n) => Path.Combine(NodeDir(n), "daemon.log");

    // Seen from the host (the node's own directory) ...
    public string MySqlPidFile(LabNodeId n) => Path.Combine(NodeDir(n), "run", "mysqld.pid");
    public string MySqlSocket(LabNodeId n) => Path.Combine(NodeDir(n), "run", "mysqld.sock");
    public string MySqlErrorLog(LabNodeId n) => Path.Combine(NodeDir(n), "mysqld.err");
    public string HostCnf(LabNodeId n) => Path.Combine(NodeDir(n), "my.cnf");

    // ... and from inside the node's mount namespace, where NodeView is that directory.
    public string Cnf => Path.Combine(NodeView, "my.cnf");
    public string MountPoint => Path.Combine(NodeView, "mnt");
    public string DataDir => Path.Combine(MountPoint, "mysql");
    public string ViewRun => Path.Combine(NodeView, "run");
    public static string Device => Tandem.Device.DeviceLinks.PathOf(Volume);
}

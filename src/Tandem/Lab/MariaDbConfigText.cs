using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// A node's MariaDB config: datadir on the mounted volume, full durability (every commit flushed to the redo log
/// and the binlog), binlog on, listening on every address (so the VIP works wherever it lands), its own socket
/// and pid file under the node's directory, a server id per node, and small buffers for a small machine.
/// Paths are as the node sees them (<see cref="LabLayout.NodeView"/>).
/// </summary>
public static class MariaDbConfigText
{
    public static string Render(LabLayout l, LabNodeId node) => string.Create(CultureInfo.InvariantCulture, $"""
        # MariaDB of {node.Name} in lab {l.Names.Tag}: written by tandem lab, removed with the lab.
        [client]
        socket = {l.ViewRun}/mysqld.sock

        [mysqld]
        user = root
        server_id = {node.ServerId}
        datadir = {l.DataDir}
        socket = {l.ViewRun}/mysqld.sock
        pid-file = {l.ViewRun}/mysqld.pid
        log-error = {l.NodeView}/mysqld.err
        bind-address = 0.0.0.0
        port = {LabNetwork.MySqlPort}
        skip-name-resolve
        innodb_flush_log_at_trx_commit = 1
        sync_binlog = 1
        log_bin = {l.DataDir}/binlog
        binlog_format = ROW
        innodb_buffer_pool_size = 32M
        innodb_log_file_size = 16M
        innodb_log_buffer_size = 4M
        key_buffer_size = 1M
        max_connections = 30
        performance_schema = OFF
        thread_cache_size = 4
        table_open_cache = 200
        innodb_use_native_aio = 0
        """);
}

using System.Diagnostics;
using MySqlConnector;

namespace Tandem.Lab;

/// <summary>
/// The check (<c>tandem lab check</c>, run inside the client namespace): reads every row of the workload's table
/// through <paramref name="host"/> (the VIP or a node address) and compares it with the client's journal.
/// </summary>
public static class LabChecker
{
    public static CommitCheck Check(string host, int port, string journalPath, TimeSpan wait)
    {
        var rows = ReadRows(host, port, wait);
        return CommitCheck.Compare(CommitJournal.Read(journalPath), rows);
    }

    /// <summary>All rows, retrying the connection for up to <paramref name="wait"/> (the service may still be starting).</summary>
    public static Dictionary<long, string> ReadRows(string host, int port, TimeSpan wait)
    {
        var cs = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = LabLayout.ClientUser,
            Password = LabLayout.ClientPassword,
            Database = LabLayout.Database,
            Pooling = false,
            ConnectionTimeout = 2,
            DefaultCommandTimeout = 60,
            SslMode = MySqlSslMode.None,
        }.ConnectionString;
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var c = new MySqlConnection(cs);
                c.Open();
                using var cmd = new MySqlCommand(LabSchema.SelectAll, c);
                using var r = cmd.ExecuteReader();
                var rows = new Dictionary<long, string>();
                while (r.Read())
                    rows[r.GetInt64(0)] = r.GetString(1);
                return rows;
            }
            catch (Exception e) when (e is MySqlException or IOException or System.Net.Sockets.SocketException)
            {
                if (sw.Elapsed > wait)
                    throw new LabException($"cannot read {LabLayout.Database}.{LabLayout.Table} through {host}:{port} within {wait.TotalSeconds} s ({e.Message}); is MariaDB running there?");
                Thread.Sleep(250);
            }
        }
    }
}

using System.Runtime.InteropServices;
using MySqlConnector;

namespace Tandem.Lab;

/// <summary>
/// The workload (<c>tandem lab client</c>, run inside the client namespace): one connection, one small transaction
/// at a time (INSERT of a fresh id and a random value, COMMIT), each attempt written to the journal before it is
/// sent and each acknowledgement after MariaDB returned OK, with the <c>@@server_id</c> of the server the connection reached
/// (asked once per connection: a connection never changes servers). On any error the connection is dropped, the commit in
/// flight counts as in doubt, and the client reconnects. Runs until SIGTERM/SIGINT.
/// </summary>
public sealed class WorkloadClient(string host, int port, string journalPath, TimeSpan interval, TimeProvider time, Random random)
{
    /// <summary>Longest a commit may take before the client gives up on the connection (a dead primary never answers).</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    public int Run(CancellationToken external)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(external);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var journal = new StreamWriter(new FileStream(journalPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var cs = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = LabLayout.ClientUser,
            Password = LabLayout.ClientPassword,
            Database = LabLayout.Database,
            Pooling = false,
            ConnectionTimeout = (uint)ConnectTimeout.TotalSeconds,
            DefaultCommandTimeout = (uint)CommandTimeout.TotalSeconds,
            SslMode = MySqlSslMode.None,
            // At the command timeout, close the socket instead of first trying KILL QUERY over a new connection to a
            // server that may be gone (which waits up to another connect timeout): the client moves on at once.
            CancellationTimeout = -1,
        }.ConnectionString;
        long next = 1;
        MySqlConnection? c = null;
        var server = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (c is null)
                {
                    c = new MySqlConnection(cs);
                    c.Open();
                    using (var who = new MySqlCommand("SELECT @@server_id", c))
                        server = Convert.ToInt32(who.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    journal.WriteLine(CommitJournal.Connected(time.GetUtcNow(), server));
                }
                var id = next++;
                var value = Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())).ToLowerInvariant();
                journal.WriteLine(CommitJournal.Attempt(id, value, time.GetUtcNow()));
                using (var tx = c.BeginTransaction())
                using (var cmd = new MySqlCommand(LabSchema.Insert, c, tx))
                {
                    cmd.Parameters.AddWithValue("@id", id);
                    cmd.Parameters.AddWithValue("@value", value);
                    cmd.ExecuteNonQuery();
                    tx.Commit();
                }
                journal.WriteLine(CommitJournal.Ack(id, value, time.GetUtcNow(), server));
                if (interval > TimeSpan.Zero)
                    stop.Token.WaitHandle.WaitOne(interval);
            }
            catch (Exception e) when (e is MySqlException or IOException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
            {
                journal.WriteLine(CommitJournal.Error(time.GetUtcNow(), $"{e.GetType().Name}: {e.Message}"));
                c?.Dispose();
                c = null;
                stop.Token.WaitHandle.WaitOne(RetryPause);
            }
        }
        c?.Dispose();
        return 0;
    }
}

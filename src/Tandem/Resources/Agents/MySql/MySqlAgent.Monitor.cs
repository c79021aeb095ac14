using MySqlConnector;

namespace Tandem.Resources.Agents.MySql;

/// <summary>Monitor: a real round trip over the MySQL protocol, under a timeout.</summary>
public sealed partial class MySqlAgent
{
    /// <summary>
    /// Ok when the server runs and answers <c>SELECT 1</c> (and the heartbeat write, if enabled) within
    /// <see cref="MySqlAgentOptions.MonitorTimeout"/>; NotRunning when there is no server process; TimedOut when
    /// it does not answer in time (hung, SIGSTOPped); Failed when it answers wrongly.
    /// </summary>
    public async Task<MySqlAgentResult> MonitorAsync(CancellationToken ct)
    {
        var result = await MonitorOnceAsync(ct);
        if (result.Status != lastMonitor)
        {
            if (result.IsOk)
                log.MonitorRecovered(Id, lastMonitor, result.Status);
            else
                log.MonitorChanged(Id, lastMonitor, result.Status, result.Reason);
            lastMonitor = result.Status;
        }
        return result;
    }

    async Task<MySqlAgentResult> MonitorOnceAsync(CancellationToken ct)
    {
        var (settings, error) = LoadSettings();
        if (settings is null)
            return MySqlAgentResult.Failed(error);
        if (MySqlProcess.RunningServer(settings.PidFile) is not { } pid)
            return MySqlAgentResult.NotRunning($"no mysqld running (pid file {settings.PidFile} is absent or names no live server)");
        var (result, _) = await ProbeAsync(settings, Options.MonitorTimeout, Options.Heartbeat, ct);
        if (result.Status == MySqlAgentStatus.TimedOut)
            return MySqlAgentResult.TimedOut($"mysqld pid {pid} ({MySqlProcess.Describe(pid)}): {result.Reason}");
        if (!result.IsOk && MySqlProcess.RunningServer(settings.PidFile) is null)
            return MySqlAgentResult.NotRunning($"mysqld pid {pid} exited: {result.Reason}");
        return result;
    }

    /// <summary>
    /// Connects, runs <c>SELECT 1</c> and, when <paramref name="heartbeat"/>, writes the heartbeat row. The whole
    /// exchange is bounded by <paramref name="timeout"/> even if the client library were to ignore cancellation.
    /// </summary>
    async Task<(MySqlAgentResult Result, MySqlErrorCode? Error)> ProbeAsync(MySqlServerSettings s, TimeSpan timeout, bool heartbeat, CancellationToken ct)
    {
        MySqlConnectionStringBuilder cs;
        try
        {
            cs = ConnectionString(s, timeout);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (MySqlAgentResult.Failed($"cannot read password_file {Options.PasswordFile}: {e.Message}"), null);
        }
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var work = QueryAsync(cs, heartbeat, linked.Token);
        try
        {
            await work.WaitAsync(timeout, time, ct);
            return (MySqlAgentResult.Ok, null);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            || (e is MySqlException && deadline.IsCancellationRequested))
        {
            Observe(work);
            return (MySqlAgentResult.TimedOut($"no answer on {Endpoint(cs)} within {Config.Duration.Format(timeout)}"), null);
        }
        catch (MySqlException e)
        {
            return (Classify(e, cs), e.ErrorCode);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (MySqlAgentResult.Failed($"mysqld on {Endpoint(cs)}: {e.Message}"), null);
        }
    }

    async Task QueryAsync(MySqlConnectionStringBuilder cs, bool heartbeat, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(cs.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var select = new MySqlCommand("SELECT 1", connection))
        {
            var one = await select.ExecuteScalarAsync(ct);
            if (Convert.ToInt64(one, System.Globalization.CultureInfo.InvariantCulture) != 1)
                throw new InvalidDataException($"SELECT 1 returned {one}");
        }
        if (heartbeat)
            await HeartbeatAsync(connection, ct);
    }

    /// <summary>Upserts this node's row of the heartbeat table, creating database and table on first use.</summary>
    async Task HeartbeatAsync(MySqlConnection connection, CancellationToken ct)
    {
        var table = $"`{Options.HeartbeatDatabase}`.`{MySqlAgentOptions.HeartbeatTable}`";
        if (!heartbeatTableReady)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS `{Options.HeartbeatDatabase}`", ct);
            await ExecuteAsync(connection,
                $"CREATE TABLE IF NOT EXISTS {table} (node VARCHAR(64) NOT NULL PRIMARY KEY, beat_at DATETIME(6) NOT NULL, beats BIGINT UNSIGNED NOT NULL) ENGINE=InnoDB", ct);
            heartbeatTableReady = true;
            log.HeartbeatTableReady(Id, table);
        }
        try
        {
            await using var upsert = new MySqlCommand(
                $"INSERT INTO {table} (node, beat_at, beats) VALUES (@node, UTC_TIMESTAMP(6), 1) ON DUPLICATE KEY UPDATE beat_at = VALUES(beat_at), beats = beats + 1",
                connection);
            upsert.Parameters.AddWithValue("@node", node);
            await upsert.ExecuteNonQueryAsync(ct);
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.UnknownDatabase)
        {
            heartbeatTableReady = false;
            throw;
        }
    }

    static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    MySqlAgentResult Classify(MySqlException e, MySqlConnectionStringBuilder cs) => e.ErrorCode switch
    {
        MySqlErrorCode.UnableToConnectToHost =>
            MySqlAgentResult.Failed($"mysqld does not accept connections on {Endpoint(cs)}: {e.Message}"),
        MySqlErrorCode.AccessDenied =>
            MySqlAgentResult.Failed($"mysqld refused the login of {Options.User} on {Endpoint(cs)}: {e.Message}; set user= and password_file= in the mysql:: resource"),
        _ => MySqlAgentResult.Failed($"mysqld on {Endpoint(cs)} answered with error {(int)e.ErrorCode}: {e.Message}"),
    };

    /// <summary>Keeps an abandoned probe's late exception from going unobserved.</summary>
    static void Observe(Task task) =>
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}

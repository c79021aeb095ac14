namespace Tandem.Lab;

/// <summary>The table the workload writes and the checker reads.</summary>
public static class LabSchema
{
    public static readonly string[] Statements =
    [
        $"CREATE DATABASE IF NOT EXISTS `{LabLayout.Database}`",
        $"CREATE TABLE IF NOT EXISTS `{LabLayout.Database}`.`{LabLayout.Table}` (id BIGINT NOT NULL PRIMARY KEY, value CHAR(16) NOT NULL, written_at DATETIME(3) NOT NULL DEFAULT NOW(3)) ENGINE=InnoDB",
        $"CREATE USER IF NOT EXISTS '{LabLayout.ClientUser}'@'%' IDENTIFIED BY '{LabLayout.ClientPassword}'",
        $"GRANT ALL ON `{LabLayout.Database}`.* TO '{LabLayout.ClientUser}'@'%'",
    ];

    public const string Insert = $"INSERT INTO `{LabLayout.Database}`.`{LabLayout.Table}` (id, value) VALUES (@id, @value)";
    public const string SelectAll = $"SELECT id, value FROM `{LabLayout.Database}`.`{LabLayout.Table}`";
}

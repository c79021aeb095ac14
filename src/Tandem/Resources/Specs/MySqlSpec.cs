using Tandem.Resources.Agents.MySql;

namespace Tandem.Resources.Specs;

/// <summary><c>mysql::/etc/mysql/my.cnf[::key=value...]</c>: a MySQL/MariaDB server with a health check.</summary>
public sealed record MySqlSpec(string Id, MySqlAgentOptions Options) : ResourceSpec(Id)
{
    public override string Kind => "mysql";
}

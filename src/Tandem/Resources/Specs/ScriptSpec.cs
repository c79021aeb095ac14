namespace Tandem.Resources.Specs;

/// <summary>
/// <c>NAME[::arg1::arg2...]</c>: an LSB init script or a Heartbeat resource.d script, looked up by name in
/// /etc/tandem/resource.d, /etc/ha.d/resource.d and /etc/init.d, or named by an absolute path.
/// </summary>
public sealed record ScriptSpec(string Id, string Name, IReadOnlyList<string> Arguments) : ResourceSpec(Id)
{
    public bool IsPath => Name.StartsWith('/');

    public override string Kind => IsPath ? System.IO.Path.GetFileName(Name) : Name;
}

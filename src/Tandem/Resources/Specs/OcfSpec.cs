namespace Tandem.Resources.Specs;

/// <summary><c>ocf:PROVIDER:TYPE[::key=value...]</c>: an OCF resource agent, parameters passed as OCF_RESKEY_key.</summary>
public sealed record OcfSpec(string Id, string Provider, string Type, IReadOnlyList<KeyValuePair<string, string>> Parameters)
    : ResourceSpec(Id)
{
    public override string Kind => $"ocf:{Provider}:{Type}";
}

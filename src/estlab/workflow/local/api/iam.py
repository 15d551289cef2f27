"""IAM's SimulatePrincipalPolicy, which the SDK v3 calls before a training job and moto lacks.

``ModelTrainer`` asks IAM whether the job's role may ``s3:PutObject`` into the default bucket,
and falls back to the output path's bucket if not. Locally no policy is enforced (moto's IAM
does not evaluate policies for S3), so every simulated action is ``allowed``: the honest answer
for this machine. The reply is IAM's query-protocol XML.

Examples
--------
>>> body = b"Action=SimulatePrincipalPolicy&ActionNames.member.1=s3%3APutObject&ResourceArns.member.1=arn%3Aaws%3As3%3A%3A%3Ab%2F%2A"
>>> b"<EvalDecision>allowed</EvalDecision>" in simulate_principal_policy(body)
True
"""

import uuid
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

__all__ = ["is_simulate_principal_policy", "simulate_principal_policy"]


def is_simulate_principal_policy(body):
    """True for a query-protocol IAM request whose Action is SimulatePrincipalPolicy."""
    return parse_qs(body.decode("utf-8", "replace")).get("Action") == ["SimulatePrincipalPolicy"]


def simulate_principal_policy(body):
    """The XML response: every (action, resource) pair of the request ``allowed``."""
    query = parse_qs(body.decode("utf-8", "replace"))
    actions = [v[0] for k, v in sorted(query.items()) if k.startswith("ActionNames.member.")]
    resources = [v[0] for k, v in sorted(query.items())
                 if k.startswith("ResourceArns.member.")] or ["*"]
    members = "".join(
        f"<member><EvalActionName>{escape(a)}</EvalActionName><EvalResourceName>{escape(r)}"
        "</EvalResourceName><EvalDecision>allowed</EvalDecision><MatchedStatements/>"
        "<MissingContextValues/></member>" for a in actions for r in resources)
    return (f'<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
            f"<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>"
            f"{members}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata>"
            f"<RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>"
            f"</SimulatePrincipalPolicyResponse>").encode()

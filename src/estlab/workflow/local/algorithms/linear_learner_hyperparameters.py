"""Linear Learner's hyperparameters: validated as the algorithm does, and what each does here.

The table is the one of the developer guide's "Linear learner hyperparameters" page (names,
valid values, defaults). Every value arrives as a string; a wrong one fails the job with the
first-party algorithms' wording, e.g.::

    ClientError: No value(s) were specified for 'predictor_type' which are required
    hyperparameter(s) (caused by ValidationError)
    ClientError: Additional hyperparameters are not allowed ('epoch' was unexpected)
    (caused by ValidationError)
    ClientError: The value 'ten' is not valid for the 'epochs' hyperparameter which expects
    one of the following: an integer greater than 0 (caused by ValidationError)

What each one does locally, where estlab's exact GLM fit stands in for Linear Learner's
mini-batch SGD over several parallel models, is its **treatment**:

* ``honoured``: it changes the fit or the answers as documented;
* ``unsupported``: only its default runs here; another value fails the job with a reason that
  says so (an L1 penalty, sample weights, the non-likelihood losses);
* ``ignored``: accepted and validated, and a note in the job log says why it changes nothing
  (initialisation, learning-rate schedules, parallel models: the exact fit needs none).

Examples
--------
>>> hp, notes = parse({"predictor_type": "regressor", "wd": "0.1", "num_models": "4"})
>>> hp["predictor_type"], hp["wd"], hp["normalize_data"]
('regressor', 0.1, True)
>>> print(notes[0][:60])
num_models=4 is accepted and ignored: Linear Learner trains
>>> parse({"wd": "0"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
estlab...HyperparameterError: ClientError: No value(s) were specified for 'predictor_type'...
"""

__all__ = ["HyperparameterError", "parse", "HYPERPARAMETERS", "PREDICTOR_TYPES", "OBJECTIVES"]

AUTO = "auto"
PREDICTOR_TYPES = ("binary_classifier", "multiclass_classifier", "regressor")
# predictor_type -> (the loss estlab fits, the objective's name in the metric lines)
OBJECTIVES = {"regressor": ("squared_loss", "mse_objective"),
              "binary_classifier": ("logistic", "binary_classification_cross_entropy_objective"),
              "multiclass_classifier": ("softmax_loss", "multiclass_cross_entropy_objective")}
_LOSSES = ("auto", "logistic", "squared_loss", "absolute_loss", "hinge_loss",
           "eps_insensitive_squared_loss", "eps_insensitive_absolute_loss", "quantile_loss",
           "huber_loss", "softmax_loss")
_CRITERIA = ("accuracy", "f1", "f_beta", "precision_at_target_recall",
             "recall_at_target_precision", "cross_entropy_loss", "loss_function")


class HyperparameterError(ValueError):
    """A hyperparameter the algorithm refuses; ``str()`` is the job's FailureReason."""


def _fail(message):
    raise HyperparameterError(f"ClientError: {message} (caused by ValidationError)")


def _enum(*values):
    def parse(name, text):
        if text not in values:
            _fail(f"The value '{text}' is not valid for the '{name}' hyperparameter which "
                  f"accepts one of the following: {', '.join(repr(v) for v in values)}")
        return text
    return parse


def _number(kind, low=None, high=None, *, auto=False, open_low=False, extra=()):
    """An int or float in [low, high] ((low, high] with ``open_low``), maybe ``auto``."""
    what = "an integer" if kind is int else "a float"
    if low is not None and high is not None:
        what += f" between {low} and {high}"
    elif low is not None:
        what += f" greater than {low}" if open_low else f" greater than or equal to {low}"
    expects = [f"a string which matches the pattern '^{v}$'" for v in
               ((AUTO,) if auto else ()) + tuple(extra)] + [what]

    def parse(name, text):
        if text == AUTO and auto or text in extra:
            return text
        try:
            value = kind(text) if kind is float else int(text)
        except ValueError:
            value = None
        if value is not None and kind is float and value != value:  # NaN
            value = None
        if value is None or (low is not None and (value <= low if open_low else value < low)) \
                or (high is not None and value > high):
            _fail(f"The value '{text}' is not valid for the '{name}' hyperparameter which "
                  f"expects one of the following: {'; or '.join(expects)}")
        return value
    return parse


def _bool(auto=False):
    values = ("true", "false") + ((AUTO,) if auto else ())
    check = _enum(*values)

    def parse(name, text):
        text = check(name, text.lower())
        return text if text == AUTO else text == "true"
    return parse


_I, _F = int, float
# name -> (parser, default, treatment, why it is ignored or unsupported)
_NOTHING = "estlab fits the model exactly (normal equations or Newton), with no SGD to tune"
HYPERPARAMETERS = {
    "predictor_type": (_enum(*PREDICTOR_TYPES), None, "honoured", ""),
    "num_classes": (_number(_I, 3, 1_000_000), None, "honoured", ""),
    "feature_dim": (_number(_I, 0, auto=True, open_low=True), AUTO, "honoured", ""),
    "accuracy_top_k": (_number(_I, 0, open_low=True), 3, "honoured", ""),
    "balance_multiclass_weights": (_bool(), False, "unsupported",
                                   "estlab's GLMs take no class weights"),
    "beta_1": (_number(_F, 0, 1, auto=True), AUTO, "ignored", _NOTHING),
    "beta_2": (_number(_F, 0, 1, auto=True), AUTO, "ignored", _NOTHING),
    "bias_lr_mult": (_number(_F, 0, auto=True, open_low=True), AUTO, "ignored", _NOTHING),
    "bias_wd_mult": (_number(_F, 0, auto=True), AUTO, "ignored",
                     "estlab never penalises the intercept (Linear Learner's default too)"),
    "binary_classifier_model_selection_criteria": (_enum(*_CRITERIA), "accuracy", "honoured",
                                                   ""),
    "early_stopping_patience": (_number(_I, 0, open_low=True), 3, "ignored", _NOTHING),
    "early_stopping_tolerance": (_number(_F, 0, open_low=True), 0.001, "ignored", _NOTHING),
    "epochs": (_number(_I, 0, open_low=True), 15, "honoured", ""),
    "f_beta": (_number(_F, 0, open_low=True), 1.0, "honoured", ""),
    "huber_delta": (_number(_F, 0, open_low=True), 1.0, "ignored", "only huber_loss uses it"),
    "init_bias": (_number(_F), 0.0, "ignored", "the exact fit does not depend on its start"),
    "init_method": (_enum("uniform", "normal"), "uniform", "ignored",
                    "the exact fit does not depend on its start"),
    "init_scale": (_number(_F, 0, open_low=True), 0.07, "ignored",
                   "the exact fit does not depend on its start"),
    "init_sigma": (_number(_F, 0, open_low=True), 0.01, "ignored",
                   "the exact fit does not depend on its start"),
    "l1": (_number(_F, 0, auto=True), AUTO, "unsupported",
           "estlab's GLMs have an L2 penalty (wd) only, no L1"),
    "learning_rate": (_number(_F, 0, auto=True, open_low=True), AUTO, "honoured", ""),
    "loss": (_enum(*_LOSSES), AUTO, "honoured", ""),
    "loss_insensitivity": (_number(_F, 0, open_low=True), 0.01, "ignored",
                           "only the eps_insensitive losses use it"),
    "lr_scheduler_factor": (_number(_F, 0, 1, auto=True), AUTO, "ignored", _NOTHING),
    "lr_scheduler_minimum_lr": (_number(_F, 0, auto=True, open_low=True), AUTO, "ignored",
                                _NOTHING),
    "lr_scheduler_step": (_number(_I, 0, auto=True, open_low=True), AUTO, "ignored", _NOTHING),
    "margin": (_number(_F, 0, open_low=True), 1.0, "ignored", "only hinge_loss uses it"),
    "mini_batch_size": (_number(_I, 0, open_low=True), 1000, "honoured", ""),
    "momentum": (_number(_F, 0, 1, auto=True), AUTO, "honoured", ""),
    "normalize_data": (_bool(auto=True), True, "honoured", ""),
    "normalize_label": (_bool(auto=True), AUTO, "honoured", ""),
    "num_calibration_samples": (_number(_I, 0, auto=True, open_low=True), AUTO, "ignored",
                                "the decision threshold is chosen on all validation rows"),
    "num_models": (_number(_I, 0, auto=True, open_low=True), AUTO, "ignored",
                   "Linear Learner trains several models in parallel and keeps the best; "
                   "estlab fits one model exactly"),
    "num_point_for_scaler": (_number(_I, 0, open_low=True), 10_000, "ignored",
                             "the scaler is computed from every training row"),
    "optimizer": (_enum("auto", "sgd", "adam", "rmsprop"), AUTO, "honoured", ""),
    "positive_example_weight_mult": (_number(_F, 0, auto=True, open_low=True,
                                             extra=("balanced",)), 1.0, "unsupported",
                                     "estlab's GLMs take no sample weights"),
    "quantile": (_number(_F, 0, 1, open_low=True), 0.5, "ignored", "only quantile_loss uses it"),
    "target_precision": (_number(_F, 0, 1, open_low=True), 0.8, "honoured", ""),
    "target_recall": (_number(_F, 0, 1, open_low=True), 0.8, "honoured", ""),
    "unbias_data": (_bool(auto=True), AUTO, "honoured", ""),
    "unbias_label": (_bool(auto=True), AUTO, "honoured", ""),
    "use_bias": (_bool(), True, "honoured", ""),
    "use_lr_scheduler": (_bool(), True, "ignored", _NOTHING),
    "wd": (_number(_F, 0, auto=True), AUTO, "honoured", ""),
}
# keys the platform or the tuner adds, which the algorithm accepts and does not use
_PLATFORM = ("_tuning_objective_metric",)


def _unsupported(name, text, why):
    raise HyperparameterError(
        f"ClientError: {name}={text} is not supported by estlab's local Linear Learner: {why}. "
        f"Leave {name} at its default ({HYPERPARAMETERS[name][1]}) or train on SageMaker.")


def parse(raw):
    """Validate ``{name: str}``; return ``(values, notes)`` or raise :class:`HyperparameterError`.

    ``values`` holds every hyperparameter (defaults filled in, numbers parsed, ``auto`` kept
    where it stays ``auto``); ``notes`` are the log lines about ignored ones the user set.
    """
    given = {k: str(v).strip() for k, v in raw.items()
             if not (k.startswith("sagemaker_") or k in _PLATFORM)}
    unknown = sorted(set(given) - set(HYPERPARAMETERS))
    if unknown:
        listed = ", ".join(repr(k) for k in unknown)
        _fail(f"Additional hyperparameters are not allowed ({listed} "
              f"{'was' if len(unknown) == 1 else 'were'} unexpected)")
    if "predictor_type" not in given:
        _fail("No value(s) were specified for 'predictor_type' which are required "
              "hyperparameter(s)")
    values = {name: spec[1] for name, spec in HYPERPARAMETERS.items()}
    for name, text in given.items():
        values[name] = HYPERPARAMETERS[name][0](name, text)
    kind = values["predictor_type"]
    if kind == "multiclass_classifier" and values["num_classes"] is None:
        _fail("No value(s) were specified for 'num_classes' which are required "
              "hyperparameter(s) when predictor_type is 'multiclass_classifier'")
    loss, _ = OBJECTIVES[kind]
    if values["loss"] not in (AUTO, loss):
        _unsupported("loss", values["loss"],
                     f"for predictor_type={kind} estlab fits the likelihood loss '{loss}' "
                     "(its GLM); the other losses are not likelihoods")
    checks = {"l1": lambda v: v in (AUTO, 0.0), "balance_multiclass_weights": lambda v: not v,
              "positive_example_weight_mult": lambda v: v == 1.0}
    for name, ok in checks.items():
        if not ok(values[name]):
            _unsupported(name, given[name], HYPERPARAMETERS[name][3])
    notes = []
    for name in given:
        parser, default, treatment, why = HYPERPARAMETERS[name]
        if treatment == "ignored" and values[name] != default:
            notes.append(f"{name}={given[name]} is accepted and ignored: {why}.")
    exact = values["optimizer"] in (AUTO, "rmsprop") or (
        values["optimizer"] == "adam" and kind == "regressor")
    if values["optimizer"] == "rmsprop" or (values["optimizer"] == "adam" and
                                            kind == "regressor"):
        notes.append(f"optimizer={values['optimizer']} runs estlab's exact fit (estlab has "
                     f"no {values['optimizer']} solver for {kind}); optimizer=sgd runs SGD.")
    for name in ("epochs", "mini_batch_size", "learning_rate", "momentum"):
        if exact and name in given:
            notes.append(f"{name}={given[name]} is accepted and ignored: optimizer="
                         f"{values['optimizer']} runs estlab's exact fit, which has no epochs "
                         "or steps (optimizer=sgd or adam runs estlab's own SGD/Adam).")
    for name in ("wd", "l1"):
        if values[name] == AUTO:
            values[name] = 0.0
            notes.append(f"{name}=auto: Linear Learner tunes it over its parallel models; "
                         "here it is 0 (no penalty). Set it to fit a penalised model.")
    return values, notes

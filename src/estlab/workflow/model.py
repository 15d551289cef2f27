"""A deployable model: an artifact (``model.tar.gz``) plus the inference code that serves it.

``Model.deploy`` is SageMaker's CreateModel + CreateEndpointConfig + CreateEndpoint: locally it
starts a model-server process on 127.0.0.1 and returns a :class:`~estlab.workflow.Predictor`
once the server answers ``/ping``. ``Model.transformer`` returns a
:class:`~estlab.workflow.Transformer` for batch inference over files.

The inference code follows the inference toolkit's contract (``model_fn``, ``input_fn``,
``predict_fn``, ``output_fn`` or ``transform_fn``); see :mod:`estlab.workflow.local.handlers`.
"""

from pathlib import Path

from estlab.workflow._names import name_from_base, validate_name
from estlab.workflow._specs import EndpointSpec, ModelSpec
from estlab.workflow.predictor import NumPyPredictor, Predictor, _default_session

__all__ = ["Model", "NumPyModel"]


class Model:
    """A model artifact and its inference script, ready to deploy (SageMaker's ``Model``).

    Parameters
    ----------
    model_data : str
        URI of the ``model.tar.gz`` (a local path, ``file://`` or ``s3://``), e.g. a training
        job's ``Estimator.model_data``.
    entry_point : str or None
        The inference script: a file name inside ``source_dir``, or a path when
        ``source_dir`` is None. None: the script is ``code/inference.py`` inside the archive
        (or the name in ``env["SAGEMAKER_PROGRAM"]``).
    source_dir : str or None
        Folder (or ``.tar.gz``) with the script and anything it imports.
    env : dict or None
        Environment variables of the serving process.
    session : Session or None
        None means a new ``LocalSession()``.
    name : str or None
        Model name; None makes one from a base name and a timestamp at deploy time.

    Examples
    --------
    >>> from estlab.workflow import LocalSession
    >>> import tempfile
    >>> model = Model("s3://bucket/job/output/model.tar.gz", entry_point="inference.py",
    ...               source_dir="code", session=LocalSession(root=tempfile.mkdtemp()))
    >>> model.model_data
    's3://bucket/job/output/model.tar.gz'
    >>> model.name is None
    True

    ``Predictor`` shows a full deploy / predict / delete round trip.
    """

    _base_name = "estlab-model"
    _predictor_cls = Predictor

    def __init__(self, model_data, entry_point=None, source_dir=None, env=None, session=None,
                 name=None):
        if not isinstance(model_data, (str, Path)) or not str(model_data):
            raise TypeError("model_data must be the URI of a model.tar.gz (str); got "
                            f"{model_data!r}.")
        if name is not None:
            validate_name(name, "model name")
        self.model_data = str(model_data)
        self.entry_point = None if entry_point is None else str(entry_point)
        self.source_dir = None if source_dir is None else str(source_dir)
        self.env = dict(env or {})
        self.session = _default_session(session)
        self.name = name
        self.endpoint_name = None
        self._created = False

    def _spec(self):
        return ModelSpec(name=self.name, model_data=self.model_data, entry_point=self.entry_point,
                         source_dir=self.source_dir, env=self.env)

    def _create(self):
        """CreateModel, once per Model object."""
        if self.name is None:
            self.name = name_from_base(self._base_name)
        if not self._created:
            self.session.create_model(self._spec())
            self._created = True
        return self.name

    def deploy(self, initial_instance_count=1, instance_type="local", serializer=None,
               deserializer=None, endpoint_name=None):
        """Create an endpoint serving this model and wait until it is InService.

        Parameters
        ----------
        initial_instance_count : int, default 1
        instance_type : str, default "local"
            ``"local"`` serves from this machine.
        serializer, deserializer : optional
            Passed to the returned predictor (its class's defaults when None).
        endpoint_name : str or None
            None: the model's name.

        Returns
        -------
        Predictor
            A :class:`~estlab.workflow.NumPyPredictor` for a :class:`NumPyModel`.

        Raises
        ------
        estlab.workflow.EndpointError
            When the server fails to start (``FailureReason`` quotes its log).
        """
        if not isinstance(initial_instance_count, int) or initial_instance_count < 1:
            raise ValueError("initial_instance_count must be a positive int; got "
                             f"{initial_instance_count!r}.")
        model_name = self._create()
        endpoint_name = endpoint_name or model_name
        validate_name(endpoint_name, "endpoint name")
        self.session.create_endpoint(EndpointSpec(name=endpoint_name, model_name=model_name,
                                                  instance_count=initial_instance_count,
                                                  instance_type=instance_type))
        self.endpoint_name = endpoint_name
        self.session.wait_for_endpoint(endpoint_name)
        return self._predictor_cls(endpoint_name, self.session, serializer=serializer,
                                   deserializer=deserializer)

    def transformer(self, instance_count=1, instance_type="local", strategy=None,
                    assemble_with=None, output_path=None, accept=None, max_payload=None,
                    env=None):
        """A :class:`~estlab.workflow.Transformer` running batch transform with this model.

        Parameters are the :class:`~estlab.workflow.Transformer`'s; ``output_path`` defaults
        to ``<session output>/<transform job name>``.
        """
        from estlab.workflow.transformer import Transformer

        return Transformer(self._create(), instance_count=instance_count,
                           instance_type=instance_type, strategy=strategy,
                           assemble_with=assemble_with, output_path=output_path, accept=accept,
                           max_payload=max_payload, env=env, session=self.session)

    def __repr__(self):
        return (f"{type(self).__name__}(model_data={self.model_data!r}, "
                f"entry_point={self.entry_point!r}, name={self.name!r})")


def default_inference_script():
    """Path of the NumPy framework's default script (it also serves: ``model_fn``)."""
    return str(Path(__file__).with_name("scripts") / "train.py")


class NumPyModel(Model):
    """A model of the NumPy framework: an estlab estimator saved by the default training script.

    With no ``entry_point`` it serves with the framework's default script
    (``estlab/workflow/scripts/train.py``, whose ``model_fn`` loads the estimator with
    ``estlab.load``) and the default handlers: JSON, CSV and NPY in and out, and
    ``model.predict``. ``deploy`` returns a :class:`~estlab.workflow.NumPyPredictor`.

    Examples
    --------
    >>> import tempfile
    >>> from estlab.workflow import LocalSession
    >>> model = NumPyModel("model.tar.gz", session=LocalSession(root=tempfile.mkdtemp()))
    >>> Path(model.entry_point).name, model.source_dir
    ('train.py', None)
    """

    _base_name = "estlab-numpy-model"
    _predictor_cls = NumPyPredictor

    def __init__(self, model_data, entry_point=None, source_dir=None, env=None, session=None,
                 name=None):
        if entry_point is None and source_dir is None:
            entry_point = default_inference_script()
        super().__init__(model_data, entry_point=entry_point, source_dir=source_dir, env=env,
                         session=session, name=name)

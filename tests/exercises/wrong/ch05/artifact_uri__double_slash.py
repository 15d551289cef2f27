# expect: double slash
def model_artifact_uri(output_path, job_name):
    return f"{output_path}/{job_name}/output/model.tar.gz"

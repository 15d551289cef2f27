# expect: misses the 'output/' folder
def model_artifact_uri(output_path, job_name):
    return f"{output_path.rstrip('/')}/{job_name}/model.tar.gz"

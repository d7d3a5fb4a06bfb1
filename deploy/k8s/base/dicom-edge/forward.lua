-- OCTFlow DICOM edge: every stable OCT series (Modality OPT) goes to OCTFlow by STOW-RS (DicomWeb.Servers.octflow),
-- as an Orthanc job. Once OCTFlow answered that it stored all of it, the series is deleted here: the hospital's PACS
-- keeps the archive, the edge keeps nothing it has delivered. A failed job (OCTFlow unreachable, an instance
-- refused) keeps its series and stays in Orthanc's job list: POST /jobs/{id}/resubmit sends it again.
-- Logs name Orthanc's job and series ids (hashes), never a patient attribute.
forwarding = {}

function OnStableSeries(seriesId, tags, metadata)
  if tags['Modality'] == 'OPT' then
    local job = ParseJson(RestApiPost('/dicom-web/servers/octflow/stow',
      DumpJson({ Resources = { seriesId }, Synchronous = false }, true)))
    forwarding[job['ID']] = seriesId
  end
end

function OnJobSuccess(jobId)
  local series = forwarding[jobId]
  if series ~= nil then
    forwarding[jobId] = nil
    RestApiDelete('/series/' .. series)
  end
end

function OnJobFailure(jobId)
  if forwarding[jobId] ~= nil then
    print('OCTFlow edge: forwarding job ' .. jobId .. ' failed; its series is kept: POST /jobs/' .. jobId
      .. '/resubmit once OCTFlow answers')
  end
end
